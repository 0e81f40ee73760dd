package sidebyside

import "strings"

// A Pair is a block of the left source and the block of the right source
// that goes beside it. Either may be missing (nil): a declaration that the
// other source does not have.
type Pair struct {
	Left, Right *Block
}

// SameName reports whether a Python name and a Go name name the same
// thing: hello_world1 and helloWorld1, END_OF_JOBS and endOfJobs (case and
// underscores aside); Python's main and Go's Run, the program's entry
// point; and the two sources' headers, both named "".
func SameName(python, golang string) bool {
	if python == "main" && golang == "Run" {
		return true
	}
	norm := func(s string) string {
		return strings.ToLower(strings.ReplaceAll(s, "_", ""))
	}
	return norm(python) == norm(golang)
}

// Align pairs the blocks of left and right whose names match, in the
// order of both (a longest common subsequence of names), and puts every
// other block in a pair of its own where it falls between them.
func Align(left, right []Block, same func(l, r string) bool) []Pair {
	// lcs[i][j] is the length of the longest common subsequence of
	// left[i:] and right[j:].
	lcs := make([][]int, len(left)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(right)+1)
	}
	for i := len(left) - 1; i >= 0; i-- {
		for j := len(right) - 1; j >= 0; j-- {
			if same(left[i].Name, right[j].Name) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var pairs []Pair
	i, j := 0, 0
	for i < len(left) || j < len(right) {
		switch {
		case i < len(left) && j < len(right) && same(left[i].Name, right[j].Name):
			pairs = append(pairs, Pair{&left[i], &right[j]})
			i, j = i+1, j+1
		case j == len(right) || i < len(left) && lcs[i+1][j] >= lcs[i][j+1]:
			pairs = append(pairs, Pair{Left: &left[i]})
			i++
		default:
			pairs = append(pairs, Pair{Right: &right[j]})
			j++
		}
	}
	return pairs
}
