package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// ensureCluster creates the cluster at pgdata unless it exists. It copies a pristine cluster made once
// per machine by initdb (about 2 s on this hardware) instead of running initdb each time (0.1 s copy),
// because tests start many fresh instances.
func ensureCluster(binDir, pgdata string, acct runAccount) error {
	if _, err := os.Stat(filepath.Join(pgdata, "PG_VERSION")); err == nil {
		return nil
	}
	template, err := ensureTemplate(binDir, acct)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(pgdata); err != nil {
		return err
	}
	// cp -a keeps the account's ownership and the 0700 mode PostgreSQL insists on.
	if out, err := exec.Command("cp", "-a", template, pgdata).CombinedOutput(); err != nil {
		return fmt.Errorf("copying the cluster template: %v: %s", err, out)
	}
	return nil
}

// ensureTemplate returns a cluster folder made by initdb for this server version and account.
// Concurrent devdb processes each initdb into a private folder and rename it into place; the loser
// of that race discards its copy.
func ensureTemplate(binDir string, acct runAccount) (string, error) {
	version, err := exec.Command(filepath.Join(binDir, "postgres"), "--version").Output()
	if err != nil {
		return "", fmt.Errorf("postgres --version: %w", err)
	}
	sum := sha256.Sum256(append([]byte(binDir+"\n"), version...))
	parent := filepath.Join(os.TempDir(), fmt.Sprintf("devdb-templates-uid%d", os.Geteuid()))
	template := filepath.Join(parent, hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(filepath.Join(template, "PG_VERSION")); err == nil {
		return template, nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	work, err := os.MkdirTemp(parent, "initdb-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	if err := os.Chmod(work, 0o755); err != nil {
		return "", err
	}
	if err := acct.own(work); err != nil {
		return "", err
	}
	fresh := filepath.Join(work, "pgdata")
	if err := runInitdb(binDir, fresh, acct); err != nil {
		return "", err
	}
	if err := os.Rename(fresh, template); err != nil {
		if _, statErr := os.Stat(filepath.Join(template, "PG_VERSION")); statErr != nil {
			return "", err
		}
	}
	return template, nil
}

// runInitdb makes a development cluster: trust authentication for the `postgres` superuser (only
// 127.0.0.1 and a private socket folder are listened on) and no fsync, which is unsafe for real data.
func runInitdb(binDir, pgdata string, acct runAccount) error {
	cmd := exec.Command(filepath.Join(binDir, "initdb"),
		"-D", pgdata, "--no-sync", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C")
	cmd.Dir = filepath.Dir(pgdata)
	cmd.SysProcAttr = acct.procAttr(syscall.SIGKILL)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("initdb failed: %v\n%s", err, out.String())
	}
	return nil
}
