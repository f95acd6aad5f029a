package web

import "io/fs"

// StaticFS is the embedded assets, for the tests that read the files
// shipped with them (the charting library's licence).
func StaticFS() fs.FS { return staticFS }
