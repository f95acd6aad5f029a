package photo

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"
)

// FuzzPhotoProcess feeds Clean arbitrary bytes, seeded with valid photos and
// hostile headers: it must never panic, must answer in bounded time, and
// what it accepts must be a photo within the limits. The fuzz limits are
// smaller than the defaults so that each input is cheap; the checks are the
// same code.
func FuzzPhotoProcess(f *testing.F) {
	f.Add(photoJPEG(f, 64, 48))
	f.Add(photoJPEG(f, 300, 10))
	var buf bytes.Buffer
	png.Encode(&buf, image.NewNRGBA64(image.Rect(0, 0, 20, 30)))
	f.Add(buf.Bytes())
	f.Add(pngOf(40_000, 1, 16, 6, true))
	f.Add(pngOf(600, 600, 16, 6, true))
	f.Add(pngOf(9000, 1000, 8, 2, false))
	f.Add(pngOf(100, 100, 8, 3, true))
	f.Add(jpegSOF(6324, 6324, 4, true))
	f.Add(jpegSOF(300, 200, 3, false))
	f.Add([]byte("GIF89a not really"))
	l := DefaultLimits
	l.MaxWidth, l.MaxHeight, l.MaxDecodedBytes, l.MaxSide = 1024, 1024, 4<<20, 256
	c := New(l)
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		p, err := c.Clean(context.Background(), 1, data)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %v", d)
		}
		if err != nil {
			return
		}
		if p.Width > l.MaxSide || p.Height > l.MaxSide || p.Width <= 0 || p.Height <= 0 {
			t.Fatalf("accepted a %d×%d photo", p.Width, p.Height)
		}
		if _, _, err := image.Decode(bytes.NewReader(p.Data)); err != nil {
			t.Fatalf("cleaned photo does not decode: %v", err)
		}
	})
}
