package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
)

// runAccount is the OS account that owns the cluster files and runs initdb and postgres.
// PostgreSQL refuses to run as root, so a root devdb hands both to the `postgres` account.
type runAccount struct {
	uid, gid   int
	switchUser bool
}

func currentRunAccount() (runAccount, error) {
	if os.Geteuid() != 0 {
		return runAccount{uid: os.Geteuid(), gid: os.Getegid()}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return runAccount{}, fmt.Errorf("running as root needs the 'postgres' OS account for PostgreSQL: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return runAccount{uid: uid, gid: gid, switchUser: true}, nil
}

// procAttr puts the child in its own process group (a terminal Ctrl-C reaches devdb only, which then
// stops everything in order) and asks the kernel to send deathSignal to it if devdb dies.
// Go applies Pdeathsig after switching credentials, so the setting survives the user switch.
func (a runAccount) procAttr(deathSignal syscall.Signal) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: deathSignal}
	if a.switchUser {
		attr.Credential = &syscall.Credential{Uid: uint32(a.uid), Gid: uint32(a.gid), Groups: []uint32{}}
	}
	return attr
}

func (a runAccount) own(path string) error {
	if !a.switchUser {
		return nil
	}
	return os.Chown(path, a.uid, a.gid)
}

// canWrite asks the kernel, as the account itself, whether it can reach and write dir:
// a parent folder without the search bit for that account is not visible from the path alone.
func (a runAccount) canWrite(dir string) bool {
	if !a.switchUser {
		return true
	}
	cmd := exec.Command("test", "-w", dir, "-a", "-x", dir)
	cmd.SysProcAttr = a.procAttr(syscall.SIGKILL)
	cmd.Dir = "/"
	return cmd.Run() == nil
}
