package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// postgres is the private PostgreSQL server, a child process of devdb.
type postgres struct {
	cmd     *exec.Cmd
	port    int
	sockDir string
	logPath string
	exited  chan struct{} // closed when the process has ended; waitErr is then set
	waitErr error
}

const (
	pgReadyTimeout    = 60 * time.Second
	pgStopTimeout     = 30 * time.Second
	pgPortAttempts    = 5
	maxUnixSocketPath = 100 // sun_path holds 108 bytes; PostgreSQL appends /.s.PGSQL.<port>
)

// startPostgresOnFreePort retries with another port when a parallel process took the chosen one
// between our probe and the server's bind.
func startPostgresOnFreePort(binDir, pgdata, sockDir, logPath string, acct runAccount) (*postgres, error) {
	var lastErr error
	for attempt := 0; attempt < pgPortAttempts; attempt++ {
		port, err := freeTCPPort()
		if err != nil {
			return nil, err
		}
		pg, err := startPostgres(binDir, pgdata, sockDir, logPath, port, acct)
		if err == nil {
			return pg, nil
		}
		if !strings.Contains(err.Error(), "could not bind") && !strings.Contains(err.Error(), "already in use") {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

// startPostgres runs the server with development settings (no fsync, no synchronous commit, no full
// page writes: fast, and unsafe on a machine crash) and waits until it accepts queries.
func startPostgres(binDir, pgdata, sockDir, logPath string, port int, acct runAccount) (*postgres, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(filepath.Join(binDir, "postgres"),
		"-D", pgdata,
		"-p", strconv.Itoa(port),
		"-k", sockDir,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		// Less work per write: no WAL beyond crash recovery, no JIT compiling of large scans.
		"-c", "wal_level=minimal",
		"-c", "max_wal_senders=0",
		"-c", "jit=off",
		"-c", "default_toast_compression=lz4",
		// FerretDB never analyzes its tables; without statistics the planner ANDs a lookup by _id
		// with a bitmap of the whole workspace (2 ms instead of 0.3 ms per update's read) and GIN
		// pending lists grow. Autovacuum does both, looking every second instead of every minute.
		"-c", "autovacuum_naptime=1s",
	)
	cmd.Dir = pgdata
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// SIGINT is PostgreSQL's fast shutdown: it ends its own backends, which SIGKILL would orphan.
	cmd.SysProcAttr = acct.procAttr(syscall.SIGINT)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting postgres: %w", err)
	}
	pg := &postgres{cmd: cmd, port: port, sockDir: sockDir, logPath: logPath, exited: make(chan struct{})}
	go func() {
		pg.waitErr = cmd.Wait()
		close(pg.exited)
	}()
	if err := pg.waitReady(pgdata); err != nil {
		pg.stop()
		return nil, err
	}
	return pg, nil
}

// waitReady polls postmaster.pid, whose 8th line PostgreSQL sets to "ready" once it accepts
// connections (the same signal pg_ctl -w uses).
func (pg *postgres) waitReady(pgdata string) error {
	deadline := time.Now().Add(pgReadyTimeout)
	pidFile := filepath.Join(pgdata, "postmaster.pid")
	for time.Now().Before(deadline) {
		select {
		case <-pg.exited:
			return fmt.Errorf("postgres exited during startup (%v):\n%s", pg.waitErr, pg.logTail())
		case <-time.After(20 * time.Millisecond):
		}
		content, err := os.ReadFile(pidFile)
		if err != nil {
			continue
		}
		lines := strings.Split(string(content), "\n")
		if len(lines) >= 8 && lines[0] == strconv.Itoa(pg.cmd.Process.Pid) && strings.TrimSpace(lines[7]) == "ready" {
			return nil
		}
	}
	return fmt.Errorf("postgres was not ready after %s:\n%s", pgReadyTimeout, pg.logTail())
}

// url is the connection string for FerretDB, through the private unix socket.
func (pg *postgres) url() string {
	q := url.Values{"host": {pg.sockDir}, "port": {strconv.Itoa(pg.port)}}
	return "postgres://postgres@/postgres?" + q.Encode()
}

// stop asks for a fast shutdown and escalates if the server does not end in time.
func (pg *postgres) stop() error {
	select {
	case <-pg.exited:
		return nil // already reported by whoever saw it end
	default:
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGKILL} {
		_ = pg.cmd.Process.Signal(sig)
		select {
		case <-pg.exited:
			if sig != syscall.SIGINT {
				return fmt.Errorf("postgres needed %v to stop", sig)
			}
			var exitErr *exec.ExitError
			if errors.As(pg.waitErr, &exitErr) {
				return fmt.Errorf("postgres stopped with %v:\n%s", pg.waitErr, pg.logTail())
			}
			return nil
		case <-time.After(pgStopTimeout):
		}
	}
	return errors.New("postgres did not stop, even after SIGKILL")
}

// logTail is the end of the server log, shown when the server fails.
func (pg *postgres) logTail() string {
	content, err := os.ReadFile(pg.logPath)
	if err != nil {
		return "(no postgres log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(content), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "  postgres log " + pg.logPath + ":\n  " + strings.Join(lines, "\n  ")
}

// socketDir returns dir when PostgreSQL's socket path fits there, else a new short folder under /tmp
// (the caller removes it on exit).
func socketDir(dir string, acct runAccount) (string, bool, error) {
	if len(dir)+len("/.s.PGSQL.65535.lock") <= maxUnixSocketPath {
		return dir, false, nil
	}
	short, err := os.MkdirTemp("/tmp", "devdb-sock-")
	if err != nil {
		return "", false, err
	}
	return short, true, acct.own(short)
}

func freeTCPPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
