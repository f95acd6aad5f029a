package app

import (
	"context"

	"dajia"
	"dajia/store"
)

// AttachToRectification stores a file with the unit's answer to item no
// of a notice; the caller has checked what the file is.
func (a *App) AttachToRectification(ctx context.Context, actor dajia.Actor, id int64, no int, name, contentType string, data []byte) (store.RectFile, error) {
	if len(data) > dajia.MaxRectFileBytes {
		return store.RectFile{}, dajia.Errorf(dajia.Invalid, "file", "文件超过 %d MB", dajia.MaxRectFileBytes>>20)
	}
	return a.db.AddRectFile(ctx, actor, id, no, name, contentType, data, func(r dajia.Rectification) error { return r.MayAttach(actor, no) })
}

// RectFiles lists the files of a notice the actor may read.
func (a *App) RectFiles(ctx context.Context, actor dajia.Actor, id int64) ([]store.RectFile, error) {
	if _, err := a.Rectification(ctx, actor, id); err != nil {
		return nil, err
	}
	return a.db.RectFiles(ctx, id)
}

// RectFile returns a file of a notice the actor may read: the notice's
// unit, the office and leaders.
func (a *App) RectFile(ctx context.Context, actor dajia.Actor, id, fid int64) (store.RectFile, []byte, error) {
	if _, err := a.Rectification(ctx, actor, id); err != nil {
		return store.RectFile{}, nil, err
	}
	return a.db.RectFileData(ctx, id, fid)
}

// MayAttachToRectification says, before any file is read, whether the
// actor may attach to item no of the notice (0: to any of its items): a
// stranger's upload is refused before it costs memory or disk.
func (a *App) MayAttachToRectification(ctx context.Context, actor dajia.Actor, id int64, no int) error {
	r, err := a.db.Rectification(ctx, id)
	if err != nil {
		return err
	}
	if no == 0 && len(r.Items) > 0 {
		no = r.Items[0].No
	}
	return r.MayAttach(actor, no)
}
