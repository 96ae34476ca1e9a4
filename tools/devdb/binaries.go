package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// preferredPGBinDir is where Debian installs PostgreSQL 15, the version the spec names.
const preferredPGBinDir = "/usr/lib/postgresql/15/bin"

// findPGBinDir returns the folder holding both initdb and postgres, or "" when there is none.
// An explicit dir is the only candidate; otherwise: PostgreSQL 15, the newest other Debian version, PATH.
func findPGBinDir(explicit string) string {
	if explicit != "" {
		if hasServerBinaries(explicit) {
			return explicit
		}
		return ""
	}
	others, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(others)))
	candidates := append([]string{preferredPGBinDir}, others...)
	if p, err := exec.LookPath("postgres"); err == nil {
		candidates = append(candidates, filepath.Dir(p))
	}
	for _, dir := range candidates {
		if hasServerBinaries(dir) {
			return dir
		}
	}
	return ""
}

func hasServerBinaries(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}
