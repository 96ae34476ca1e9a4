package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

const lockFileName = "devdb.lock"

// defaultDataDir is <repo>/.devdb/default, the repo being the nearest folder above the working directory with .git.
func defaultDataDir() string {
	cwd, err := os.Getwd()
	if err != nil {
		return filepath.Join(".devdb", "default")
	}
	for dir := cwd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return filepath.Join(dir, ".devdb", "default")
		}
		if dir == filepath.Dir(dir) {
			return filepath.Join(cwd, ".devdb", "default")
		}
	}
}

// prepareDataDir creates the data folder owned by the run account. When that account cannot reach it
// (a root-only parent folder), it uses a folder under the temp dir derived from the requested path, so
// the same -data keeps finding the same data.
func prepareDataDir(requested string, acct runAccount) (string, error) {
	abs, err := filepath.Abs(requested)
	if err != nil {
		return "", err
	}
	if err := makeOwnedDir(abs, acct); err != nil {
		return "", err
	}
	if acct.canWrite(abs) {
		return abs, nil
	}
	sum := sha256.Sum256([]byte(abs))
	fallback := filepath.Join(os.TempDir(), "devdb-postgres", filepath.Base(abs)+"-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(filepath.Dir(fallback), 0o755); err != nil {
		return "", err
	}
	if err := makeOwnedDir(fallback, acct); err != nil {
		return "", err
	}
	logf("the postgres account cannot reach %s; using %s for the data instead", abs, fallback)
	return fallback, nil
}

func makeOwnedDir(dir string, acct runAccount) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return acct.own(dir)
}

// lockDataDir holds an exclusive lock for the life of the process, so two devdb never share one folder.
func lockDataDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("another devdb is using %s", dir)
	}
	return f, nil
}

// clearDataDir deletes everything but the lock file (which the caller holds).
func clearDataDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == lockFileName {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
