package planfile_test

import (
	"testing"

	"dajia/planfile"
)

func BenchmarkCheckReferencePlan(b *testing.B) {
	src := planfile.Reference()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if r := planfile.Check(src); r.HasErrors() {
			b.Fatal(r.Err())
		}
	}
}
