package app

import (
	"context"
	"io"

	"dajia/store"
)

// CleanPhotos checks and re-encodes the photos of one submission, read one
// after another. The caller stores them and then calls release: until then
// the submission holds a slot of the process's photo cleaner, so that a
// flood of uploads waits on disk rather than in memory.
func (a *App) CleanPhotos(ctx context.Context, files []io.ReadSeeker) (photos []store.Photo, release func(), err error) {
	if len(files) == 0 {
		return nil, func() {}, nil
	}
	cleaned, release, err := a.photos.CleanAll(ctx, files)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range cleaned {
		photos = append(photos, store.Photo{ContentType: p.ContentType, Data: p.Data})
	}
	return photos, release, nil
}
