// Package web serves dajia over HTTP: the pages (server-rendered, embedded
// templates and assets) and the JSON API under /api/v1.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/secret"
	"dajia/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the web layer needs; built and checked in main.
type Config struct {
	App    *app.App
	Log    *slog.Logger
	Lang   string // default language: zh or en
	Hasher secret.Hasher
	// SecureCookies marks cookies Secure even when the request did not
	// come over TLS here (dajia behind a TLS-terminating proxy).
	SecureCookies bool
	// TrustProxy takes client addresses from X-Forwarded-For (behind nginx
	// or another reverse proxy), for rate limits and the audit trail.
	TrustProxy bool
}

// Server holds the parsed templates and the fingerprinted assets.
type Server struct {
	cfg         Config
	app         *app.App
	db          *store.DB // for what has not moved into app yet
	cal         *calendar.Calendar
	clock       dajia.Clock
	sealer      *secret.Sealer
	pages       map[string]*template.Template
	parts       *template.Template // the layout and the parts, for a fragment alone
	assets      map[string]asset   // by fingerprinted name
	urls        map[string]string
	loginLimit  *limiter
	changeLimit *limiter
	tipLimit    *limiter
	trackLimit  *limiter
	dummyHash   string
}

type asset struct {
	data []byte
	typ  string
}

// New parses every template and fingerprints the assets; a broken template
// fails here, at start, not on a request.
func New(cfg Config) (*Server, error) {
	if cfg.App == nil || cfg.Log == nil || cfg.Hasher.Memory == 0 {
		return nil, fmt.Errorf("web: incomplete config")
	}
	if cfg.Lang == "" {
		cfg.Lang = "zh"
	}
	if cfg.Hasher.Gate == nil {
		cfg.Hasher.Gate = secret.DefaultGate() // a server never hashes unbounded
	}
	s := &Server{cfg: cfg, app: cfg.App, db: cfg.App.DB(), cal: cfg.App.Calendar(), clock: cfg.App.Clock(), sealer: cfg.App.Sealer(), pages: map[string]*template.Template{}, assets: map[string]asset{}, urls: map[string]string{},
		loginLimit: newLimiter(20, 5*time.Minute), changeLimit: newLimiter(10, 5*time.Minute),
		tipLimit: newLimiter(1000, time.Hour), trackLimit: newLimiter(30, 10*time.Minute), dummyHash: cfg.Hasher.DummyHash()}
	if err := s.loadAssets(); err != nil {
		return nil, err
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) loadAssets() error {
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		fp := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		typ := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}[ext]
		s.assets[fp] = asset{b, typ}
		s.urls[name] = "/static/" + fp
		return nil
	})
}

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"asset": func(name string) string { return s.urls[name] },
		"join":  func(sep string, xs []string) string { return strings.Join(xs, sep) },
		"add":   func(a, b int) int { return a + b },
		"paras": func(text string) []string { return strings.Split(text, "\n") },
		"list":  func(xs ...string) []string { return xs },
		"brief": briefUserAgent,
		"neg":   func(n int) int { return -n },
	}
	// Files named _*.html are parts that any page may include (the entity
	// picker); they are parsed with the layout into every page.
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return fmt.Errorf("parse layout: %w", err)
	}
	s.parts = base
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, n := range names {
		name := path.Base(n)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		s.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

// Handler returns the whole site with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range s.routes() {
		mux.Handle(r.pattern, s.guard(r.perm, r.stalePassword, r.handler))
	}
	var h http.Handler = mux
	h = keepLanguage(h)
	h = s.identify(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.secureHeaders(h)
	h = s.recoverPanics(h)
	return h
}

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.cfg.Log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
				s.fail(w, r, &dajia.Error{Code: dajia.Internal, Message: "系统内部错误", Err: fmt.Errorf("panic: %v", p)})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.assets[r.PathValue("name")]
	if !ok {
		return dajia.Errorf(dajia.NotFound, "", "文件不存在")
	}
	w.Header().Set("Content-Type", a.typ)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.data)
	return nil
}

// render executes a page into a buffer first, so a failing template never
// sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
	return nil
}

// renderPart executes one part alone (an htmx or script request gets only
// its fragment), into a buffer first like a page.
func (s *Server) renderPart(w http.ResponseWriter, status int, part string, data any) error {
	var buf bytes.Buffer
	if err := s.parts.ExecuteTemplate(&buf, part, data); err != nil {
		return fmt.Errorf("render %s: %w", part, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
	return nil
}

// briefUserAgent names a browser and system the way a person would, for
// the list of signed-in devices.
func briefUserAgent(ua string) string {
	browser := "浏览器"
	for _, b := range []struct{ key, name string }{{"MicroMessenger", "微信"}, {"Edg/", "Edge"}, {"Firefox/", "Firefox"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"Go-http-client", "程序"}} {
		if strings.Contains(ua, b.key) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ key, name string }{{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"},
		{"Windows", "Windows"}, {"Mac OS", "macOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o.key) {
			return browser + " · " + o.name
		}
	}
	return browser
}
