package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// dajiaBinary builds the command once per test run, for tests that need
// it as a real process (the README's examples, kill -9).
func dajiaBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildPath = filepath.Join(testDir, "dajia")
		out, err := exec.Command("go", "build", "-o", buildPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			buildPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildPath)
	}
	return buildPath
}

// childEnv is the test's environment without the variables that would
// choose the database or the key behind the command line's back.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DAJIA_KEY=") && !strings.HasPrefix(kv, "DAJIA_DB=") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}
