package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/FerretDB/wire"
	"github.com/FerretDB/wire/wirebson"
)

const (
	ferretAnswerTimeout = 30 * time.Second
	pingTimeout         = 5 * time.Second
)

// newFerretDB binds the MongoDB listener right away (ferretdb.New listens), so a busy port fails here.
func newFerretDB(listenAddr string, backend backendConfig) (*ferretdb.FerretDB, error) {
	return ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: listenAddr},
		Logger:        newFerretLogger(),
		Handler:       backend.handler,
		PostgreSQLURL: backend.postgresqlURL,
		SQLiteURL:     backend.sqliteURL,
	})
}

type backendConfig struct {
	handler       string
	postgresqlURL string
	sqliteURL     string
}

// waitUntilAnswers sends `ping` until FerretDB replies ok; on PostgreSQL, ping also queries the backend.
func waitUntilAnswers(addr string, runEnded <-chan struct{}) error {
	deadline := time.Now().Add(ferretAnswerTimeout)
	var lastErr error
	for time.Now().Before(deadline) {
		if lastErr = ping(addr); lastErr == nil {
			return nil
		}
		select {
		case <-runEnded:
			return errors.New("FerretDB stopped before answering")
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("FerretDB did not answer ping within %s: %w", ferretAnswerTimeout, lastErr)
}

func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, pingTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(pingTimeout)); err != nil {
		return err
	}
	msg := wire.MustOpMsg("ping", int32(1), "$db", "admin")
	body, err := msg.MarshalBinary()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(conn)
	header := &wire.MsgHeader{MessageLength: int32(wire.MsgHeaderLen + len(body)), RequestID: 1, OpCode: wire.OpCodeMsg}
	if err := wire.WriteMessage(w, header, msg); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	_, reply, err := wire.ReadMessage(bufio.NewReader(conn))
	if err != nil {
		return err
	}
	replyMsg, ok := reply.(*wire.OpMsg)
	if !ok {
		return fmt.Errorf("unexpected reply %T", reply)
	}
	raw, err := replyMsg.RawDocument()
	if err != nil {
		return err
	}
	doc, err := raw.Decode()
	if err != nil {
		return err
	}
	if okValue, _ := doc.Get("ok").(float64); okValue != 1 {
		return fmt.Errorf("ping replied %s", wirebson.LogMessage(doc))
	}
	return nil
}
