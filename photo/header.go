package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
)

// header is what a photo's header says about the work of decoding it.
type header struct {
	format        string // jpeg or png
	width, height int
	decoded       int64 // bytes the standard decoder allocates for the pixels
	scans         int   // JPEG start-of-scan markers: each progressive scan walks every block again
}

var errFormat = errors.New("photo: not a JPEG or PNG this package decodes")

// readHeader reads the size with image.DecodeConfig (so that exactly what
// the decoder accepts passes) and the bit depth, channels and coding from
// the PNG IHDR chunk or the JPEG SOF marker, to count the decoder's memory.
func readHeader(data []byte) (header, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return header{}, err
	}
	h := header{format: format, width: cfg.Width, height: cfg.Height}
	switch format {
	case "png":
		h.decoded, err = pngDecoded(data)
	case "jpeg":
		h.decoded, err = jpegDecoded(data)
		// In entropy-coded data 0xFF is always followed by 0x00 or a restart
		// marker, so FF DA is a scan marker wherever it is (a forged one only
		// makes the count, and the refusal, larger).
		h.scans = bytes.Count(data, []byte{0xFF, 0xDA})
	default:
		err = errFormat
	}
	return h, err
}

// pngDecoded counts what image/png allocates: the image at the bytes per
// pixel of the type it decodes to (8-bit colour becomes RGBA, 16-bit becomes
// RGBA64 or NRGBA64), twice over for an interlaced image (each pass is
// decoded apart, then copied), plus the two rows kept for unfiltering.
func pngDecoded(data []byte) (int64, error) {
	// 8-byte signature, then IHDR: length, "IHDR", width, height, depth,
	// colour type, compression, filter, interlace.
	if len(data) < 8+8+13 || string(data[12:16]) != "IHDR" {
		return 0, errFormat
	}
	w, h := int64(binary.BigEndian.Uint32(data[16:])), int64(binary.BigEndian.Uint32(data[20:]))
	depth, colour, interlace := int64(data[24]), data[25], data[28]
	var bpp, channels int64
	switch colour {
	case 0: // grey
		bpp, channels = 1, 1
	case 2: // RGB
		bpp, channels = 4, 3
	case 3: // palette
		bpp, channels = 1, 1
	case 4: // grey and alpha
		bpp, channels = 4, 2
	case 6: // RGBA
		bpp, channels = 4, 4
	default:
		return 0, errFormat
	}
	if depth == 16 {
		bpp *= 2
		if colour == 0 {
			bpp = 2
		}
	}
	n := w * h * bpp
	if interlace == 1 {
		n *= 2
	}
	row := (w*channels*depth+7)/8 + 1
	return n + 2*row, nil
}

// jpegDecoded reads the SOF marker and counts what image/jpeg allocates:
// each component's samples padded to whole MCUs; for four components
// (CMYK, YCCK) also the CMYK image it converts to; for progressive coding
// (SOF2) also a coefficient of 4 bytes (int32) per sample of every component,
// kept for the whole image until the last scan.
func jpegDecoded(data []byte) (int64, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 0, errFormat
	}
	for i := 2; ; {
		for i < len(data) && data[i] != 0xFF {
			i++
		}
		for i < len(data) && data[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(data) {
			return 0, errFormat
		}
		m := data[i]
		i++
		if m == 0x01 || m >= 0xD0 && m <= 0xD7 { // no length
			continue
		}
		if m == 0xD9 || m == 0xDA || i+2 > len(data) { // end or scan before a frame
			return 0, errFormat
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return 0, errFormat
		}
		seg := data[i+2 : i+n]
		i += n
		if m < 0xC0 || m > 0xCF || m == 0xC4 || m == 0xC8 || m == 0xCC {
			continue // not a frame header (DHT, JPG, DAC and the rest)
		}
		if m > 0xC2 {
			return 0, errFormat // lossless, hierarchical, arithmetic: not decoded
		}
		return sofDecoded(seg, m == 0xC2)
	}
}

func sofDecoded(seg []byte, progressive bool) (int64, error) {
	if len(seg) < 6 {
		return 0, errFormat
	}
	h, w, nc := int64(binary.BigEndian.Uint16(seg[1:])), int64(binary.BigEndian.Uint16(seg[3:])), int(seg[5])
	if len(seg) < 6+3*nc || nc == 0 {
		return 0, errFormat
	}
	var hmax, vmax int64 = 1, 1
	for c := range nc {
		s := seg[6+3*c+1]
		hmax, vmax = max(hmax, int64(s>>4)), max(vmax, int64(s&15))
	}
	mxx, myy := (w+8*hmax-1)/(8*hmax), (h+8*vmax-1)/(8*vmax)
	var samples int64
	for c := range nc {
		s := seg[6+3*c+1]
		samples += mxx * myy * int64(s>>4) * int64(s&15) * 64
	}
	n := samples
	if nc == 4 {
		n += w * h * 4
	}
	if progressive {
		n += samples * 4
	}
	return n, nil
}

// jpegOrientation reads the EXIF Orientation tag (0x0112) of a JPEG's
// first IFD: 1 (as stored) to 8, and 1 when there is none or it cannot be
// read. Phones store the sensor's pixels and say in this tag how to turn
// them; the re-encoded photo drops the tag, so its pixels are turned first.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xDA || m == 0xD9 { // the scan: no more headers
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		i += 2 + n
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
	}
	return 1
}

// tiffOrientation reads the Orientation tag from a TIFF header and its
// first IFD.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return 1
	}
	off := int(order.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	entries := int(order.Uint16(t[off:]))
	for e := range entries {
		p := off + 2 + 12*e
		if p+12 > len(t) {
			return 1
		}
		if order.Uint16(t[p:]) == 0x0112 && order.Uint16(t[p+2:]) == 3 {
			if o := int(order.Uint16(t[p+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}
