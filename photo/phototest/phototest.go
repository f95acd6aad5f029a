// Package phototest makes photos for tests: hostile ones (decompression
// bombs) and honest but heavy ones.
package phototest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"math/rand/v2"
)

// BombPNG is a PNG of w×h 16-bit RGBA pixels, all zero: 40,000,000×1 is
// 311 KB on the wire and 915 MB decoded.
func BombPNG(w, h uint32) []byte { return PNG(w, h, 16, 6, true) }

// PNG writes a PNG by hand: IHDR of the given size, bit depth and colour
// type, then, if rows, an IDAT of all-zero rows (filter 0) compressed with
// zlib, then IEND. Without rows it is a header only, which DecodeConfig
// reads and the decoder would reject: enough for the checks before
// decoding. The rows are written in pieces, never held whole.
func PNG(w, h uint32, depth, colour byte, rows bool) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	chunk("IHDR", append(ihdr, depth, colour, 0, 0, 0))
	if rows {
		channels := map[byte]uint64{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zero := make([]byte, 64<<10)
		for n := uint64(h) * (1 + uint64(w)*channels*uint64(depth)/8); n > 0; n -= min(n, uint64(len(zero))) {
			zw.Write(zero[:min(n, uint64(len(zero)))])
		}
		zw.Close()
		chunk("IDAT", z.Bytes())
	}
	chunk("IEND", nil)
	return b.Bytes()
}

// NoisyJPEG is a w×h JPEG of random pixels at the given quality: it does
// not compress to nothing, so it costs what a real photo of its size costs
// to decode and re-encode.
func NoisyJPEG(w, h, quality int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rnd := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for i := range img.Pix {
		img.Pix[i] = uint8(rnd.IntN(256))
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality})
	return buf.Bytes()
}

// WithOrientation puts an EXIF segment (APP1) right after a JPEG's SOI,
// whose first IFD holds only the Orientation tag (0x0112) set to o, as a
// phone writes it when the camera was held sideways. bigEndian picks the
// TIFF byte order ("MM"), otherwise little-endian ("II").
func WithOrientation(jpg []byte, o uint16, bigEndian bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	tiff := []byte("II*\x00")
	if bigEndian {
		order, tiff = binary.BigEndian, []byte("MM\x00*")
	}
	tiff = order.AppendUint32(tiff, 8)      // the first IFD right after the header
	tiff = order.AppendUint16(tiff, 1)      // one entry
	tiff = order.AppendUint16(tiff, 0x0112) // Orientation
	tiff = order.AppendUint16(tiff, 3)      // SHORT
	tiff = order.AppendUint32(tiff, 1)      // one value
	tiff = order.AppendUint16(tiff, o)      // in the first two bytes of the value field
	tiff = order.AppendUint16(tiff, 0)
	tiff = order.AppendUint32(tiff, 0) // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	seg = append(seg, payload...)
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}
