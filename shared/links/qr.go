package links

import (
	"fmt"
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QR formats.
const (
	QRSVG = "svg"
	QRPNG = "png"
)

// QR renders a QR code for text (a link's URL) as an SVG document or a PNG image of size
// pixels, and returns it with its content type. Medium error correction survives the
// glare and blur of a code filmed on a phone screen.
func QR(text, format string, size int) ([]byte, string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, "", fmt.Errorf("encode QR code: %w", err)
	}
	switch format {
	case QRPNG:
		if size < 64 || size > 2048 {
			size = 512
		}
		png, err := q.PNG(size)
		if err != nil {
			return nil, "", fmt.Errorf("render QR code PNG: %w", err)
		}
		return png, "image/png", nil
	case QRSVG:
		return []byte(svg(q.Bitmap())), "image/svg+xml", nil
	}
	return nil, "", fmt.Errorf("QR format %q: use svg or png", format)
}

// svg draws the modules as one path of horizontal runs, so the document stays small and
// scales without blur.
func svg(bits [][]bool) string {
	n := strconv.Itoa(len(bits))
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n + `" shape-rendering="crispEdges">`)
	b.WriteString(`<rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}
