package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The wire front: devdb listens on the public port and relays every message to FerretDB, except
// the commands sqlAnswers can answer exactly in PostgreSQL: sorted, limited `find`s through an index
// (sorted_pages.go), counts (counts.go) and the write protocol's conditional updates
// (conditional_updates.go). FerretDB v1 reads every document matching the pushed-down equality,
// sorts them in Go and only then applies the limit (a 50-row page of a 100 k-campaign workspace read
// 100 k rows), counts by reading, and rewrites a document read back from jsonb for each update.
type wireFront struct {
	listener  net.Listener
	ferretDB  string // FerretDB's own (loopback) address
	answers   *sqlAnswers
	wg        sync.WaitGroup
	closeOnce sync.Once
}

const (
	opMsg          = 2013
	msgHeaderLen   = 16
	maxMessageSize = 48 << 20
)

func startWireFront(listenAddr, ferretAddr string, pool *pgxpool.Pool) (*wireFront, error) {
	l, err := net.Listen("tcp", listenAddr)
	if err != nil {
		return nil, err
	}
	f := &wireFront{listener: l, ferretDB: ferretAddr, answers: &sqlAnswers{pool: pool}}
	f.wg.Add(1)
	go f.accept()
	return f, nil
}

func (f *wireFront) addr() string { return f.listener.Addr().String() }

func (f *wireFront) close() {
	f.closeOnce.Do(func() { f.listener.Close() })
	f.wg.Wait()
	f.answers.pool.Close()
}

func (f *wireFront) accept() {
	defer f.wg.Done()
	for {
		client, err := f.listener.Accept()
		if err != nil {
			return
		}
		go f.relay(client)
	}
}

// relay serves one client connection. Drivers send one request at a time and wait for its reply
// (except exhaust and moreToCome, which are always relayed), so an answer written here never
// interleaves with one FerretDB writes; the mutex keeps each message whole regardless.
func (f *wireFront) relay(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", f.ferretDB)
	if err != nil {
		logf("wire front: cannot reach FerretDB: %v", err)
		return
	}
	defer server.Close()
	var toClient sync.Mutex
	go func() {
		defer client.Close()
		r := bufio.NewReaderSize(server, 64<<10)
		for {
			n, err := nextLength(r)
			if err != nil {
				return
			}
			toClient.Lock()
			_, err = io.CopyN(client, r, int64(n))
			toClient.Unlock()
			if err != nil {
				return
			}
		}
	}()
	r := bufio.NewReaderSize(client, 64<<10)
	for {
		n, err := nextLength(r)
		if err != nil {
			return
		}
		head, _ := r.Peek(msgHeaderLen)
		// Only a small OP_MSG can be a find answered here; everything else streams through.
		if binary.LittleEndian.Uint32(head[12:]) != opMsg || n > maxAnswerableRequest {
			if _, err := io.CopyN(server, r, int64(n)); err != nil {
				return
			}
			continue
		}
		msg := make([]byte, n)
		if _, err := io.ReadFull(r, msg); err != nil {
			return
		}
		if answer := f.answer(msg); answer != nil {
			toClient.Lock()
			_, err = client.Write(answer)
			toClient.Unlock()
		} else {
			_, err = server.Write(msg)
		}
		if err != nil {
			return
		}
	}
}

// maxAnswerableRequest bounds the finds looked at; larger messages (inserts) are streamed.
const maxAnswerableRequest = 64 << 10

// nextLength peeks at the next message's header and returns its whole length.
func nextLength(r *bufio.Reader) (int, error) {
	head, err := r.Peek(msgHeaderLen)
	if err != nil {
		return 0, err
	}
	n := int(binary.LittleEndian.Uint32(head))
	if n < msgHeaderLen || n > maxMessageSize {
		return 0, errors.New("bad message length")
	}
	return n, nil
}

// answer returns the whole reply message when devdb answers msg itself, or nil to relay it.
func (f *wireFront) answer(msg []byte) []byte {
	if binary.LittleEndian.Uint32(msg[12:]) != opMsg {
		return nil
	}
	body := msg[msgHeaderLen:]
	// Flags 0 only (no checksum, moreToCome or exhaust), and exactly one section: the command.
	if len(body) < 10 || binary.LittleEndian.Uint32(body) != 0 || body[4] != 0 {
		debugf("relayed: flags %x, section kind %d", binary.LittleEndian.Uint32(body), body[4])
		return nil
	}
	doc := body[5:]
	if int(binary.LittleEndian.Uint32(doc)) != len(doc) {
		debugf("relayed: more than one section")
		return nil
	}
	reply := f.answers.answer(context.Background(), doc)
	if reply == nil {
		return nil
	}
	out := make([]byte, msgHeaderLen+5, msgHeaderLen+5+len(reply))
	out = append(out, reply...)
	binary.LittleEndian.PutUint32(out[0:], uint32(len(out)))
	binary.LittleEndian.PutUint32(out[4:], binary.LittleEndian.Uint32(msg[4:])^0x5a5a5a5a)
	binary.LittleEndian.PutUint32(out[8:], binary.LittleEndian.Uint32(msg[4:])) // responseTo
	binary.LittleEndian.PutUint32(out[12:], opMsg)
	return out
}

func startFront(listenAddr, ferretAddr, pgURL string) (*wireFront, error) {
	cfg, err := pgxpool.ParseConfig(pgURL)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	f, err := startWireFront(listenAddr, ferretAddr, pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return f, nil
}

var debugFront = os.Getenv("DEVDB_DEBUG") != ""

func debugf(format string, args ...any) {
	if debugFront {
		logf(format, args...)
	}
}
