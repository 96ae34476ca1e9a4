// Command devdb is the development database: FerretDB v1 embedded as a library, storing into a
// private PostgreSQL cluster that devdb creates and runs as its child (or into SQLite files when the
// machine has no PostgreSQL server). See docs/devdb.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

const ferretStopTimeout = 15 * time.Second

type options struct {
	dataDir  string
	port     int
	pgPort   int
	pgBinDir string
	fresh    bool
	// noSortedPages relays every command to FerretDB: no wire front, so no pages, counts or
	// updates answered in SQL (for comparisons).
	noSortedPages bool
}

func main() {
	tuneGC()
	os.Exit(run(parseFlags()))
}

func parseFlags() options {
	defaultPort := 27018
	if env := os.Getenv("DEVDB_PORT"); env != "" {
		p, err := strconv.Atoi(env)
		if err != nil {
			fmt.Fprintf(os.Stderr, "devdb: DEVDB_PORT=%q is not a port number\n", env)
			os.Exit(2)
		}
		defaultPort = p
	}
	var o options
	flag.StringVar(&o.dataDir, "data", defaultDataDir(), "data folder (git-ignored); created if missing")
	flag.IntVar(&o.port, "port", defaultPort, "MongoDB wire protocol port on 127.0.0.1 (env DEVDB_PORT); 0 picks a free port")
	flag.IntVar(&o.pgPort, "pg-port", 0, "private PostgreSQL port on 127.0.0.1; 0 picks a free port")
	flag.StringVar(&o.pgBinDir, "pg-bin", os.Getenv("DEVDB_PG_BIN"), "folder with PostgreSQL's initdb and postgres (env DEVDB_PG_BIN; default: "+preferredPGBinDir+", then other versions, then PATH); a folder without them selects the SQLite fallback")
	flag.BoolVar(&o.fresh, "fresh", false, "delete the data folder's content first (for tests)")
	flag.BoolVar(&o.noSortedPages, "no-sorted-pages", os.Getenv("DEVDB_NO_SORTED_PAGES") != "", "no wire front: relay every command to FerretDB instead of answering sorted pages, counts and conditional updates in SQL (env DEVDB_NO_SORTED_PAGES)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: devdb [flags]\n\nServes MongoDB wire protocol (FerretDB) on 127.0.0.1 for development and tests.\nPrints \"devdb ready mongodb://127.0.0.1:<port>/\" on stdout once it answers; logs go to stderr.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	return o
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "devdb: "+format+"\n", args...)
}

func run(o options) int {
	ctx, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stopSignals()

	acct, err := currentRunAccount()
	if err != nil {
		logf("%v", err)
		return 1
	}
	dataDir, err := prepareDataDir(o.dataDir, acct)
	if err != nil {
		logf("data folder: %v", err)
		return 1
	}
	lock, err := lockDataDir(dataDir)
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer lock.Close()
	if o.fresh {
		if err := clearDataDir(dataDir); err != nil {
			logf("clearing %s: %v", dataDir, err)
			return 1
		}
	}

	backend, pg, cleanup, err := startBackend(o, dataDir, acct)
	defer cleanup()
	if err != nil {
		logf("%v", err)
		return 1
	}
	status := serve(ctx, o, backend, pg)
	if pg != nil {
		if err := pg.stop(); err != nil {
			logf("%v", err)
			status = 1
		}
	}
	return status
}

// startBackend starts the private PostgreSQL cluster, or picks SQLite when there is no server to run.
// cleanup is always safe to call.
func startBackend(o options, dataDir string, acct runAccount) (backendConfig, *postgres, func(), error) {
	noop := func() {}
	binDir := findPGBinDir(o.pgBinDir)
	if binDir == "" {
		sqliteDir := filepath.Join(dataDir, "sqlite")
		if err := os.MkdirAll(sqliteDir, 0o755); err != nil {
			return backendConfig{}, nil, noop, err
		}
		logf("WARNING: no PostgreSQL server binaries found; using FerretDB's SQLite storage in %s. Queries will be slow: SQLite filters and sorts every query in Go after reading the whole collection.", sqliteDir)
		return backendConfig{handler: "sqlite", sqliteURL: "file:" + sqliteDir + "/"}, nil, noop, nil
	}

	pgdata := filepath.Join(dataDir, "pg")
	if err := ensureCluster(binDir, pgdata, acct); err != nil {
		return backendConfig{}, nil, noop, err
	}
	sockDir, temporary, err := socketDir(dataDir, acct)
	if err != nil {
		return backendConfig{}, nil, noop, err
	}
	cleanup := noop
	if temporary {
		cleanup = func() { os.RemoveAll(sockDir) }
	}
	logPath := filepath.Join(dataDir, "postgres.log")
	var pg *postgres
	if o.pgPort == 0 {
		pg, err = startPostgresOnFreePort(binDir, pgdata, sockDir, logPath, acct)
	} else {
		pg, err = startPostgres(binDir, pgdata, sockDir, logPath, o.pgPort, acct)
	}
	if err != nil {
		return backendConfig{}, nil, cleanup, err
	}
	logf("PostgreSQL %s on 127.0.0.1:%d, data %s, log %s", filepath.Base(filepath.Dir(binDir)), pg.port, pgdata, logPath)
	if err := installIndexCompanions(pg.url()); err != nil {
		pg.stop()
		return backendConfig{}, nil, cleanup, err
	}
	return backendConfig{handler: "postgresql", postgresqlURL: pg.url()}, pg, cleanup, nil
}

// serve runs FerretDB until a signal (exit status 0) or until PostgreSQL or FerretDB fails (1).
func serve(ctx context.Context, o options, backend backendConfig, pg *postgres) int {
	public := net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port))
	ferretAddr := public
	withFront := pg != nil && !o.noSortedPages
	if withFront {
		ferretAddr = "127.0.0.1:0" // behind the wire front (proxy.go)
	}
	fdb, err := newFerretDB(ferretAddr, backend)
	if err != nil {
		logf("starting FerretDB on port %d: %v", o.port, err)
		return 1
	}
	runCtx, stopFerret := context.WithCancel(context.Background())
	defer stopFerret()
	runEnded := make(chan struct{})
	go func() {
		defer close(runEnded)
		_ = fdb.Run(runCtx)
	}()
	uri := fdb.MongoDBURI()
	parsed, err := url.Parse(uri)
	if err != nil {
		logf("FerretDB URI %q: %v", uri, err)
		return 1
	}

	if withFront {
		front, err := startFront(public, parsed.Host, backend.postgresqlURL)
		if err != nil {
			logf("starting the wire front on port %d: %v", o.port, err)
			return 1
		}
		defer front.close()
		uri = "mongodb://" + front.addr() + "/"
	}

	var pgExited <-chan struct{} // nil, never ready, on SQLite
	if pg != nil {
		pgExited = pg.exited
	}
	answered := make(chan error, 1)
	go func() { answered <- waitUntilAnswers(parsed.Host, runEnded) }()

	status := 0
	select {
	case err := <-answered:
		if err != nil {
			logf("%v", err)
			status = 1
			break
		}
		fmt.Printf("devdb ready %s\n", uri)
		status = waitForEnd(ctx, runEnded, pgExited, pg)
	case <-ctx.Done():
	case <-pgExited:
		status = reportPostgresCrash(pg)
	}

	stopFerret()
	select {
	case <-runEnded:
	case <-time.After(ferretStopTimeout):
		logf("FerretDB did not stop within %s", ferretStopTimeout)
		status = 1
	}
	return status
}

func waitForEnd(ctx context.Context, runEnded, pgExited <-chan struct{}, pg *postgres) int {
	select {
	case <-ctx.Done():
		return 0
	case <-runEnded:
		logf("FATAL: FerretDB stopped unexpectedly")
		return 1
	case <-pgExited:
		return reportPostgresCrash(pg)
	}
}

func reportPostgresCrash(pg *postgres) int {
	logf("FATAL: PostgreSQL (pid %d) exited unexpectedly (%v); the dev database is down.\n%s",
		pg.cmd.Process.Pid, pg.waitErr, pg.logTail())
	return 1
}
