package explorer

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
)

// Sources are highlighted by chroma's HTML formatter with CSS classes, not
// inline styles, so that one stylesheet (highlightCSS) serves the light and
// the dark theme and the page's Content-Security-Policy can forbid inline
// styles.

// The chroma styles of the light and the dark theme.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

var htmlFormatter = chromahtml.New(
	chromahtml.WithClasses(true),
	chromahtml.WithLineNumbers(true),
	chromahtml.TabWidth(4),
)

// highlightHTML returns code as highlighted HTML for language ("go",
// "python"), or escaped and unhighlighted if chroma fails.
func highlightHTML(code, language string) string {
	lexer := lexers.Get(language)
	if lexer != nil {
		it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
		if err == nil {
			var b strings.Builder
			if err := htmlFormatter.Format(&b, styles.Get(lightStyle), it); err == nil {
				return b.String()
			}
		}
	}
	return `<pre class="chroma">` + html.EscapeString(code) + `</pre>`
}

// highlightCSS is the stylesheet of highlighted sources: the light style,
// and the dark one where the system prefers dark colours.
var highlightCSS = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	for _, theme := range []struct{ media, style string }{
		{"not (prefers-color-scheme: dark)", lightStyle},
		{"(prefers-color-scheme: dark)", darkStyle},
	} {
		b.WriteString("@media " + theme.media + " {\n")
		if err := htmlFormatter.WriteCSS(&b, styles.Get(theme.style)); err != nil {
			panic("explorer: chroma cannot write the CSS of " + theme.style + ": " + err.Error())
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
})

// notesHTML renders an example's Markdown notes. Raw HTML in them is left
// out, as goldmark does by default.
func notesHTML(md string) string {
	var b strings.Builder
	if err := goldmark.Convert([]byte(md), &b); err != nil {
		return "<pre>" + html.EscapeString(md) + "</pre>"
	}
	return b.String()
}
