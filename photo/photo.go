// Package photo checks and cleans the photos the public attaches to a tip.
// It bounds the work before any pixel is decoded: the header gives the size,
// bit depth and channels, and from them the memory the decoder would take;
// a photo over the limits is refused unread. The photos of one submission
// are read and decoded one after another while the submission holds one of
// a few slots, until its caller has stored them: a flood of uploads waits
// in temporary files, not in memory. Large photos are scaled down, and
// every photo is re-encoded, which drops EXIF, GPS and anything hidden
// after the image.
//
// Standard library and the domain only: no HTTP, no SQL.
package photo

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"time"

	"dajia"
	"dajia/bound"
)

// Limits bound what one photo may cost.
type Limits struct {
	MaxFileBytes    int           // the upload itself
	MaxWidth        int           // pixels
	MaxHeight       int           // pixels
	MaxAspect       int           // longer side over shorter side
	MaxDecodedBytes int64         // what the decoder would allocate
	MaxSide         int           // longer side after scaling down
	Slots           int           // submissions whose photos are worked on at once
	Wait            time.Duration // longest wait for a slot
}

// DefaultLimits are the limits of the public tip form: one submission at a
// time, its photos one after another, each at most 64 MiB decoded, and its
// cleaned photos (scaled to 2048 px) held until stored, keep the work under
// ~150 MB. Refusals from the header take microseconds, so the slot turns
// over fast under a flood of bombs.
var DefaultLimits = Limits{
	MaxFileBytes:    dajia.MaxTipPhotoBytes,
	MaxWidth:        8000,
	MaxHeight:       8000,
	MaxAspect:       20,
	MaxDecodedBytes: 64 << 20,
	MaxSide:         2048,
	Slots:           1,
	Wait:            10 * time.Second,
}

// Photo is a cleaned photo, ready to store.
type Photo struct {
	ContentType string // image/jpeg or image/png
	Data        []byte
	Width       int // after scaling down
	Height      int
}

// Cleaner checks and re-encodes photos, those of at most Limits.Slots
// submissions at once. There is one per process: the memory it guards is
// the process's.
type Cleaner struct {
	limits Limits
	slots  *bound.Slots
	held   func() // called while a slot is held; tests watch the bound with it
}

// New returns a Cleaner with its own slots.
func New(l Limits) *Cleaner {
	return &Cleaner{limits: l, slots: bound.New(l.Slots, l.Wait, dajia.Error{Field: "photos",
		Message: "照片处理繁忙，请稍后再提交"})}
}

// Clean checks the n-th photo (from 1) of a submission against the limits,
// then decodes, scales down and re-encodes it, in a slot of its own.
// Errors are dajia errors on the field "photos" that say which photo and
// why; a photo that finds no slot before the wait or ctx ends is refused as
// Busy.
func (c *Cleaner) Clean(ctx context.Context, n int, data []byte) (Photo, error) {
	release, err := c.acquire(ctx)
	if err != nil {
		return Photo{}, err
	}
	defer release()
	return c.clean(n, data)
}

// CleanAll cleans the photos of one submission, read from files one after
// another, in one slot. Before it waits for the slot it reads each file's
// first bytes and refuses a photo whose header is over the limits: a flood
// of bombs is answered at once, without queueing behind honest photos. The
// caller stores the photos and then calls release, so that what the
// cleaned photos hold is bounded by the slots too; on an error the slot is
// already released.
func (c *Cleaner) CleanAll(ctx context.Context, files []io.ReadSeeker) (photos []Photo, release func(), err error) {
	for i, f := range files {
		if err := c.precheck(i+1, f); err != nil {
			return nil, nil, err
		}
	}
	release, err = c.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i, f := range files {
		data, err := io.ReadAll(io.LimitReader(f, int64(c.limits.MaxFileBytes)+1))
		if err != nil {
			release()
			return nil, nil, errors.Join(refuse(i+1, "无法读取"), err)
		}
		p, err := c.clean(i+1, data)
		if err != nil {
			release()
			return nil, nil, err
		}
		photos = append(photos, p)
	}
	return photos, release, nil
}

// headerBytes is enough of a file for its header: a PNG's IHDR comes
// first, a JPEG's frame header after at most a few APP segments of 64 KB.
const headerBytes = 192 << 10

// precheck refuses the n-th photo when its first bytes already show it
// over the limits, and leaves f at its start. A header beyond those bytes
// is checked in full inside the slot.
func (c *Cleaner) precheck(n int, f io.ReadSeeker) error {
	head, err := io.ReadAll(io.LimitReader(f, headerBytes))
	if err != nil {
		return errors.Join(refuse(n, "无法读取"), err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return errors.Join(refuse(n, "无法读取"), err)
	}
	h, err := readHeader(head)
	switch {
	case err == nil:
		return c.limits.check(n, h)
	case len(head) < headerBytes: // the whole file, and no photo in it
		return refuse(n, "只能是 JPG 或 PNG 图片")
	}
	return nil
}

func (c *Cleaner) acquire(ctx context.Context) (func(), error) {
	release, err := c.slots.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	if c.held != nil {
		c.held()
	}
	return release, nil
}

// clean checks and re-encodes one photo; the caller holds a slot.
func (c *Cleaner) clean(n int, data []byte) (Photo, error) {
	l := c.limits
	if len(data) > l.MaxFileBytes {
		return Photo{}, refuse(n, "不超过 %d MB", l.MaxFileBytes>>20)
	}
	h, err := readHeader(data)
	if err != nil {
		return Photo{}, refuse(n, "只能是 JPG 或 PNG 图片")
	}
	if err := l.check(n, h); err != nil {
		return Photo{}, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Photo{}, refuse(n, "已损坏，无法打开")
	}
	img = shrink(img, l.MaxSide)
	if h.format == "jpeg" {
		// Re-encoding drops the EXIF, and with it the orientation a phone
		// records instead of turning the pixels: turn them now, or the
		// photo shows sideways.
		img = orient(img, jpegOrientation(data))
	}
	var buf bytes.Buffer
	if h.format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return Photo{}, err
	}
	b := img.Bounds()
	return Photo{ContentType: "image/" + h.format, Data: buf.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}

// maxScans bounds the CPU of a progressive JPEG: the decoder walks every
// block once per scan, so a small file of thousands of tiny scans takes
// minutes. Encoders write about ten; 64 leaves room.
const maxScans = 64

// check refuses a header over the limits, saying which limit.
func (l Limits) check(n int, h header) error {
	switch {
	case h.width <= 0 || h.height <= 0:
		return refuse(n, "尺寸为零")
	case h.width > l.MaxWidth:
		return refuse(n, "宽 %d 像素，超过上限 %d 像素", h.width, l.MaxWidth)
	case h.height > l.MaxHeight:
		return refuse(n, "高 %d 像素，超过上限 %d 像素", h.height, l.MaxHeight)
	case max(h.width, h.height) > l.MaxAspect*min(h.width, h.height):
		return refuse(n, "长宽比 %d×%d 超过 %d:1", h.width, h.height, l.MaxAspect)
	case int64(h.width)*int64(h.height) > dajia.MaxTipPhotoPixels:
		return refuse(n, "像素过多（%d×%d）", h.width, h.height)
	case h.scans > maxScans:
		return refuse(n, "由 %d 段扫描组成，超过上限 %d 段，请另存为普通 JPEG 再传", h.scans, maxScans)
	case h.decoded > l.MaxDecodedBytes:
		return refuse(n, "解码需要 %d MB 内存，超过上限 %d MB（位深、通道或渐进式编码所致），请缩小后再传",
			h.decoded>>20, l.MaxDecodedBytes>>20)
	}
	return nil
}

// refuse is the error for the n-th photo; format continues "第 n 张照片".
func refuse(n int, format string, args ...any) error {
	return dajia.Errorf(dajia.Invalid, "photos", "第 %d 张照片"+format, append([]any{n}, args...)...)
}

// shrink scales img down so that its longer side is at most side pixels.
// Each target pixel averages a 2×2 grid of source samples inside its box:
// cheap (four reads a pixel, whatever the source size) and far less aliased
// than nearest neighbour.
func shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if max(w, h) <= side {
		return img
	}
	dw, dh := w*side/max(w, h), h*side/max(w, h)
	dw, dh = max(dw, 1), max(dh, 1)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		y0, y1 := b.Min.Y+(4*y+1)*h/(4*dh), b.Min.Y+(4*y+3)*h/(4*dh)
		for x := range dw {
			x0, x1 := b.Min.X+(4*x+1)*w/(4*dw), b.Min.X+(4*x+3)*w/(4*dw)
			var r, g, bl, a uint32
			for _, p := range [4][2]int{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
				pr, pg, pb, pa := img.At(p[0], p[1]).RGBA()
				r, g, bl, a = r+pr, g+pg, bl+pb, a+pa
			}
			dst.SetRGBA(x, y, color.RGBA{uint8(r >> 10), uint8(g >> 10), uint8(bl >> 10), uint8(a >> 10)})
		}
	}
	return dst
}

// orient turns and mirrors img as the EXIF orientation o (1 to 8) says the
// stored pixels must be shown: 6 is a quarter turn clockwise, 8 a quarter
// turn anticlockwise, 3 a half turn; 2, 4, 5 and 7 also mirror.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// src gives the stored pixel shown at (x, y).
	src := map[int]func(x, y int) (int, int){
		2: func(x, y int) (int, int) { return w - 1 - x, y },
		3: func(x, y int) (int, int) { return w - 1 - x, h - 1 - y },
		4: func(x, y int) (int, int) { return x, h - 1 - y },
		5: func(x, y int) (int, int) { return y, x },
		6: func(x, y int) (int, int) { return y, h - 1 - x },
		7: func(x, y int) (int, int) { return w - 1 - y, h - 1 - x },
		8: func(x, y int) (int, int) { return w - 1 - y, x },
	}[o]
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			sx, sy := src(x, y)
			dst.Set(x, y, img.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return dst
}
