package main

import "strings"

// flagMatch is what a mistyped flag may have meant.
type flagMatch struct {
	best      string   // the one flag it is close to, as "--name"; "" if none
	ambiguous []string // when best is "": the flags it is a prefix of, if several
}

// maxTypo bounds the length of what matchFlag compares: no flag is half as
// long, so anything longer is no typo of one.
const maxTypo = 64

// matchFlag finds the flag closest to what the user typed, or "" when
// nothing is close enough to be a plausible typo. typed may carry dashes and
// a different case: "-Gahter" suggests "--gather".
//
// Closeness is the edit distance counting a swap of two neighbouring letters
// as one edit (gahter → gather). A flag that typed is the unique prefix of
// (--gat) is suggested too, since argparse users expect abbreviations to work;
// a prefix of several flags (--q) that is close to none of them is
// ambiguous, and matchFlag lists them.
func matchFlag(typed string, specs []flagSpec) flagMatch {
	typed = strings.ToLower(strings.TrimLeft(typed, "-"))
	typed = strings.ReplaceAll(typed, "_", "-")
	typed, _, _ = strings.Cut(typed, "=")
	if typed == "" || len(typed) > maxTypo {
		return flagMatch{}
	}
	var prefixed []string
	best, bestDist := "", -1
	for _, s := range specs {
		if len(s.name) == 1 { // -h: every one-letter typo would be "close" to it
			continue
		}
		if strings.HasPrefix(s.name, typed) {
			prefixed = append(prefixed, "--"+s.name)
		}
		if d := editDistance(typed, s.name); bestDist < 0 || d < bestDist {
			best, bestDist = s.name, d
		}
	}
	switch {
	case len(prefixed) == 1:
		return flagMatch{best: prefixed[0]}
	case bestDist >= 0 && bestDist <= max(1, len(best)/3):
		return flagMatch{best: "--" + best}
	case len(prefixed) > 1:
		return flagMatch{ambiguous: prefixed}
	}
	return flagMatch{}
}

// editDistance is the optimal string alignment distance between a and b: the
// fewest insertions, deletions, substitutions and transpositions of adjacent
// bytes that turn a into b. Flags are ASCII, so bytes are letters.
func editDistance(a, b string) int {
	// rows[i][j] is the distance between a[:i] and b[:j]; three rows suffice.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
