package main

import "strings"

// suggestFlag returns the flag closest to what the user typed, as "--name",
// or "" when nothing is close enough to be a plausible typo. typed may carry
// dashes and a different case: "-Gahter" suggests "--gather".
//
// Closeness is the edit distance counting a swap of two neighbouring letters
// as one edit (gahter → gather). A flag that typed is the unique prefix of
// (--gat) is suggested too, since argparse users expect abbreviations to work.
func suggestFlag(typed string, specs []flagSpec) string {
	typed = strings.ToLower(strings.TrimLeft(typed, "-"))
	typed = strings.ReplaceAll(typed, "_", "-")
	typed, _, _ = strings.Cut(typed, "=")
	if typed == "" {
		return ""
	}
	var prefixed []string
	best, bestDist := "", -1
	for _, s := range specs {
		if len(s.name) == 1 { // -h: every one-letter typo would be "close" to it
			continue
		}
		if strings.HasPrefix(s.name, typed) && len(typed) >= 2 {
			prefixed = append(prefixed, s.name)
		}
		if d := editDistance(typed, s.name); bestDist < 0 || d < bestDist {
			best, bestDist = s.name, d
		}
	}
	if len(prefixed) == 1 {
		return "--" + prefixed[0]
	}
	if bestDist <= max(1, len(best)/3) {
		return "--" + best
	}
	return ""
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
