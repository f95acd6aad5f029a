package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia"
	"dajia/locale"
	"dajia/photo/phototest"
)

// pngOf writes a PNG by hand (phototest.PNG).
var pngOf = phototest.PNG

// bombPNG is the 311 KB PNG of the issue: 40,000,000×1 pixels of 16-bit
// RGBA, 915 MB once decoded. Made once: compressing its rows takes seconds.
var bombPNG = sync.OnceValue(func() []byte { return pngOf(40_000_000, 1, 16, 6, true) })

// jpegSOF writes the start of a JPEG: SOI and one frame header (SOF0 or,
// progressive, SOF2) with the given components, all sampled 1×1, then SOS
// and EOI.
// DecodeConfig and the SOF reader need no more.
func jpegSOF(w, h uint16, components int, progressive bool) []byte {
	m := byte(0xC0)
	if progressive {
		m = 0xC2
	}
	b := []byte{0xFF, 0xD8, 0xFF, m}
	b = binary.BigEndian.AppendUint16(b, uint16(8+3*components))
	b = append(b, 8)
	b = binary.BigEndian.AppendUint16(b, h)
	b = binary.BigEndian.AppendUint16(b, w)
	b = append(b, byte(components))
	for c := range components {
		b = append(b, byte(c+1), 0x11, 0)
	}
	return append(b, 0xFF, 0xDA, 0xFF, 0xD9) // DecodeConfig stops at SOS
}

// photoJPEG is a real w×h JPEG with a gradient and an EXIF segment
// carrying a GPS marker.
func photoJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := []byte("Exif\x00\x00GPS 22.5N 113.4E SECRET-GPS-MARKER")
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

func refusal(t *testing.T, err error, code dajia.Code, want ...string) {
	t.Helper()
	var e *dajia.Error
	if !errors.As(err, &e) || e.Code != code || e.Field != "photos" {
		t.Fatalf("got %v, want a %s error on photos", err, code)
	}
	for _, w := range want {
		if en := locale.Error("en", e); !strings.Contains(e.Message+" | "+en, w) {
			t.Errorf("%q | %q does not say %q", e.Message, en, w)
		}
	}
}

func TestPhotoOverALimitIsRefusedBeforeDecodingAndSaysWhichAndWhy(t *testing.T) {
	c := New(DefaultLimits)
	bomb := bombPNG() // the 311 KB PNG of the issue
	if len(bomb) > 400<<10 {
		t.Fatalf("the crafted bomb is %d bytes", len(bomb))
	}
	for _, tt := range []struct {
		name string
		n    int
		data []byte
		want []string
	}{
		{"40,000,000×1 16-bit RGBA PNG", 1, bomb, []string{"第 1 张照片", "宽 40000000 像素", "photo 1", "wide"}},
		{"too wide", 2, pngOf(9000, 1000, 8, 2, false), []string{"第 2 张照片", "宽 9000 像素，超过上限 8000", "photo 2 is 9000 pixels wide"}},
		{"too high", 3, pngOf(1000, 9000, 8, 2, false), []string{"第 3 张照片", "高 9000 像素", "9000 pixels high"}},
		{"too thin", 1, pngOf(4000, 100, 8, 2, false), []string{"长宽比 4000×100 超过 20:1", "aspect ratio"}},
		{"16-bit RGBA PNG of 4000×4000 (122 MB decoded)", 4, pngOf(4000, 4000, 16, 6, false), []string{"第 4 张照片", "解码需要 122 MB 内存，超过上限 64 MB", "122 MB"}},
		{"6324² progressive CMYK JPEG", 5, jpegSOF(6324, 6324, 4, true), []string{"第 5 张照片", "解码需要 916 MB 内存", "916 MB"}},
		{"6324² baseline YCbCr JPEG", 1, jpegSOF(6324, 6324, 3, false), []string{"解码需要 114 MB 内存"}},
		{"not an image", 1, []byte("GIF89a not really"), []string{"只能是 JPG 或 PNG"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Clean(context.Background(), tt.n, tt.data)
			refusal(t, err, dajia.Invalid, tt.want...)
		})
	}
}

// The decoded-bytes cap holds on its own: with the size and aspect limits
// lifted, the 40,000,000×1 16-bit PNG is still refused for the memory it
// would take, and so is a progressive CMYK JPEG just under the pixel limits.
func TestDecodedBytesCapCountsBitDepthChannelsAndProgressiveCoding(t *testing.T) {
	l := DefaultLimits
	l.MaxWidth, l.MaxHeight, l.MaxAspect = 1<<30, 1<<30, 1<<30
	c := New(l)
	_, err := c.Clean(context.Background(), 1, bombPNG())
	refusal(t, err, dajia.Invalid, "解码需要 915 MB 内存")
	// 3000² progressive CMYK: 34 MB of CMYK pixels, ~3 times that in
	// components and coefficients.
	_, err = c.Clean(context.Background(), 1, jpegSOF(3000, 3000, 4, true))
	refusal(t, err, dajia.Invalid, "解码需要 205 MB 内存")
	// The same size as 8-bit grey passes the checks (and then fails to
	// decode, having no scan): bit depth and channels make the difference.
	_, err = c.Clean(context.Background(), 1, pngOf(3000, 3000, 8, 0, false))
	refusal(t, err, dajia.Invalid, "已损坏")
}

func TestLargeLegalPhotoIsScaledDownAndLosesEXIF(t *testing.T) {
	c := New(DefaultLimits)
	p, err := c.Clean(context.Background(), 1, photoJPEG(t, 4000, 2000))
	if err != nil {
		t.Fatal(err)
	}
	if p.ContentType != "image/jpeg" || p.Width != 2048 || p.Height != 1024 {
		t.Fatalf("got %s %d×%d, want image/jpeg 2048×1024", p.ContentType, p.Width, p.Height)
	}
	img, err := jpeg.Decode(bytes.NewReader(p.Data))
	if err != nil || img.Bounds().Dx() != 2048 || img.Bounds().Dy() != 1024 {
		t.Fatalf("stored photo: %v %v", err, img.Bounds())
	}
	// The gradient survived the scaling: red rises left to right.
	if r0, _, _, _ := img.At(10, 500).RGBA(); r0>>8 > 20 {
		t.Errorf("left edge red %d", r0>>8)
	}
	if r1, _, _, _ := img.At(2037, 500).RGBA(); r1>>8 < 235 {
		t.Errorf("right edge red %d", r1>>8)
	}
	if bytes.Contains(p.Data, []byte("SECRET-GPS-MARKER")) || bytes.Contains(p.Data, []byte("Exif")) {
		t.Error("EXIF survived")
	}
}

func TestSmallPNGKeepsItsSizeAndPixels(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 30, 20))
	img.Set(3, 4, color.NRGBA{200, 10, 20, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	p, err := New(DefaultLimits).Clean(context.Background(), 1, buf.Bytes())
	if err != nil || p.ContentType != "image/png" || p.Width != 30 || p.Height != 20 {
		t.Fatalf("%v %s %d×%d", err, p.ContentType, p.Width, p.Height)
	}
	out, _ := png.Decode(bytes.NewReader(p.Data))
	if r, _, _, _ := out.At(3, 4).RGBA(); r>>8 != 200 {
		t.Errorf("pixel changed: %d", r>>8)
	}
}

func TestNoMoreThanTheSlotsDecodeAtOnce(t *testing.T) {
	l := DefaultLimits
	l.Slots = 2
	c := New(l)
	var active, peak atomic.Int32
	c.held = func() {
		n := active.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		active.Add(-1)
	}
	data := photoJPEG(t, 64, 48)
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Clean(context.Background(), 1, data); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak.Load() != 2 {
		t.Fatalf("%d photos decoded at once, want exactly 2", peak.Load())
	}
}

func TestPhotoThatFindsNoSlotInTimeIsBusy(t *testing.T) {
	l := DefaultLimits
	l.Slots, l.Wait = 1, 50*time.Millisecond
	c := New(l)
	release, inside := make(chan struct{}), make(chan struct{})
	c.held = func() { close(inside); <-release }
	data := photoJPEG(t, 64, 48)
	done := make(chan error)
	go func() { _, err := c.Clean(context.Background(), 1, data); done <- err }()
	<-inside
	c.held = nil
	start := time.Now()
	_, err := c.Clean(context.Background(), 2, data)
	refusal(t, err, dajia.Busy, "繁忙", "busy")
	if d := time.Since(start); d > time.Second {
		t.Errorf("waited %v for a 50 ms deadline", d)
	}
	// The request's own deadline counts too.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	l.Wait = time.Hour
	patient := New(l)
	patient.slots = c.slots
	_, err = patient.Clean(ctx, 3, data)
	refusal(t, err, dajia.Busy)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A progressive JPEG of a thousand tiny scans decodes in seconds of CPU per
// 50 KB; it is refused before decoding.
func TestProgressiveJPEGOfManyScansIsRefused(t *testing.T) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	eoi := len(data) - 2
	sos := bytes.Index(data, []byte{0xFF, 0xDA})
	scan := data[sos:eoi]
	many := append([]byte{}, data[:eoi]...)
	for range 1000 {
		many = append(many, scan...)
	}
	many = append(many, 0xFF, 0xD9)
	c := New(DefaultLimits)
	_, err := c.Clean(context.Background(), 3, many)
	if err == nil || !strings.Contains(err.Error(), "第 3 张照片由 1001 段扫描组成") {
		t.Fatalf("a JPEG of 1001 scans: %v", err)
	}
	if _, err := c.Clean(context.Background(), 1, data); err != nil {
		t.Fatalf("a JPEG of one scan is refused: %v", err)
	}
}

// The photos of one submission are cleaned in one slot, which stays held
// until the caller has stored them; a refused photo frees it at once and
// says which photo it was.
func TestCleanAllHoldsOneSlotUntilReleased(t *testing.T) {
	l := DefaultLimits
	l.Slots, l.Wait = 1, 30*time.Millisecond
	c := New(l)
	good := photoJPEG(t, 64, 48)
	photos, release, err := c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader(good), bytes.NewReader(good)})
	if err != nil || len(photos) != 2 || photos[1].Width != 64 {
		t.Fatalf("%d photos, %v", len(photos), err)
	}
	if _, _, err := c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader(good)}); dajia.ErrorCode(err) != dajia.Busy {
		t.Fatalf("a second submission while the first is unstored: %v, want busy", err)
	}
	release()
	_, _, err = c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader(good), bytes.NewReader(bombPNG())})
	refusal(t, err, dajia.Invalid, "第 2 张照片")
	big := bytes.NewReader(make([]byte, l.MaxFileBytes+10))
	_, _, err = c.CleanAll(context.Background(), []io.ReadSeeker{big})
	refusal(t, err, dajia.Invalid, "第 1 张照片不超过")
	if _, release, err := c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader(good)}); err != nil {
		t.Fatalf("after refusals the slot is free: %v", err)
	} else {
		release()
	}
}

// A bomb is refused from its header while another submission holds the
// slot: a flood of bombs never queues behind honest photos.
func TestCleanAllRefusesABombWithoutWaitingForTheSlot(t *testing.T) {
	l := DefaultLimits
	l.Slots, l.Wait = 1, time.Hour
	c := New(l)
	_, release, err := c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader(photoJPEG(t, 64, 48))})
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	start := time.Now()
	_, _, err = c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader(photoJPEG(t, 64, 48)), bytes.NewReader(bombPNG())})
	refusal(t, err, dajia.Invalid, "第 2 张照片")
	_, _, err = c.CleanAll(context.Background(), []io.ReadSeeker{bytes.NewReader([]byte("GIF89a not a photo"))})
	refusal(t, err, dajia.Invalid, "第 1 张照片只能是 JPG 或 PNG")
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the refusals waited %v for the slot", d)
	}
}

// A phone held upright stores its pixels sideways and says so in the EXIF
// orientation: 6 means "turn a quarter clockwise to show". The cleaned photo
// has no EXIF any more, so its pixels must already be turned.
func TestEXIFOrientationIsAppliedToThePixelsBeforeItIsStripped(t *testing.T) {
	// Stored 40×20: the left half red, the right half blue. Shown with
	// orientation 6 it is 20×40, red on top, blue below.
	stored := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			c := color.RGBA{220, 0, 0, 255}
			if x >= 20 {
				c = color.RGBA{0, 0, 220, 255}
			}
			stored.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, stored, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	red := func(c color.Color) bool { r, _, b, _ := c.RGBA(); return r>>8 > 150 && b>>8 < 80 }
	blue := func(c color.Color) bool { r, _, b, _ := c.RGBA(); return b>>8 > 150 && r>>8 < 80 }
	tests := []struct {
		o          uint16
		bigEndian  bool
		w, h       int
		top, below func(color.Color) bool // at (w/2, 3) and (w/2, h-4)
	}{
		{6, false, 20, 40, red, blue},
		{6, true, 20, 40, red, blue},
		{8, false, 20, 40, blue, red},
		{3, false, 40, 20, nil, nil},
		{1, false, 40, 20, nil, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("orientation %d big-endian %v", tt.o, tt.bigEndian), func(t *testing.T) {
			p, err := New(DefaultLimits).Clean(context.Background(), 1, phototest.WithOrientation(buf.Bytes(), tt.o, tt.bigEndian))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(p.Data, []byte("Exif")) {
				t.Error("EXIF survived")
			}
			img, err := jpeg.Decode(bytes.NewReader(p.Data))
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != tt.w || p.Height != tt.h || img.Bounds().Dx() != tt.w || img.Bounds().Dy() != tt.h {
				t.Fatalf("got %d×%d (stored %v), want %d×%d", p.Width, p.Height, img.Bounds(), tt.w, tt.h)
			}
			if tt.top != nil && (!tt.top(img.At(tt.w/2, 3)) || !tt.below(img.At(tt.w/2, tt.h-4))) {
				t.Errorf("top %v, bottom %v: not turned as orientation %d says", img.At(tt.w/2, 3), img.At(tt.w/2, tt.h-4), tt.o)
			}
			if tt.o == 3 && (!blue(img.At(5, 10)) || !red(img.At(34, 10))) {
				t.Errorf("half turn: left %v, right %v", img.At(5, 10), img.At(34, 10))
			}
			if tt.o == 1 && (!red(img.At(5, 10)) || !blue(img.At(34, 10))) {
				t.Errorf("as stored: left %v, right %v", img.At(5, 10), img.At(34, 10))
			}
		})
	}
}
