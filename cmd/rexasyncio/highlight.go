package main

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Syntax highlighting uses chroma, as gobyexample does, rather than the
// standard library's go/scanner: go/scanner would do for Go, but --python
// prints Python too, and chroma's lexers and terminal formatters (256 colours
// and 24-bit) cover both at the cost of a dependency. See the README.

// sourceStyle is a palette that reads on dark and light terminals alike:
// mid-tone colours for keywords, names, strings, numbers and comments, and
// nothing at all for plain text and punctuation, which keep the terminal's own
// foreground colour. The stock chroma styles assume a background colour, and
// the terminal formatters drop the background.
var sourceStyle = chroma.MustNewStyle("rexasyncio", chroma.StyleEntries{
	chroma.Keyword:           "bold #af00af",
	chroma.KeywordConstant:   "#0087af",
	chroma.KeywordType:       "#008787",
	chroma.NameBuiltin:       "#008787",
	chroma.NameFunction:      "#0087d7",
	chroma.NameClass:         "#0087d7",
	chroma.NameDecorator:     "#af5f00",
	chroma.LiteralString:     "#5f8700",
	chroma.LiteralNumber:     "#af5f00",
	chroma.Comment:           "italic #808080",
	chroma.CommentPreproc:    "#808080",
	chroma.OperatorWord:      "bold #af00af",
	chroma.GenericHeading:    "bold",
	chroma.GenericSubheading: "bold",
})

// highlight returns code (already tab-expanded) with ANSI colour escapes for
// language ("go" or "python"). It resets the colour at the end of every line,
// so a line can be read or paged on its own. If anything goes wrong it
// returns code unchanged: colour is a nicety.
func highlight(code, language string, trueColor bool) string {
	lexer := lexers.Get(language)
	if lexer == nil {
		return code
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return code
	}
	formatter := formatters.TTY256
	if trueColor {
		formatter = formatters.TTY16m
	}
	var b strings.Builder
	if err := formatter.Format(&b, sourceStyle, it); err != nil {
		return code
	}
	return b.String()
}
