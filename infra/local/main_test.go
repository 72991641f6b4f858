package main

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestLocalStackServesHealthAndStops runs the whole local stack in-process, as make run
// does (in memory), checks /healthz through the gateway and stops it the way Ctrl-C does.
func TestLocalStackServesHealthAndStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, options{port: port, inMemory: true, table: "hypetrack-local"}) }()

	url := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("/healthz: %d", res.StatusCode)
			}
			break
		}
		select {
		case err := <-done:
			t.Fatalf("local stack stopped before answering: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("local stack did not answer /healthz within 90s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	res, err := http.Get(url + "/config.json")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/config.json: %v %v", res, err)
	}
	res.Body.Close()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("stop: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("local stack did not stop within 20s of Ctrl-C")
	}
}
