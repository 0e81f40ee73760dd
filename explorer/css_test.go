package explorer_test

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// TestStateColoursMatchTheTimeline checks that the page draws every state in
// the colour the timeline package's SVG gives it, and names it the same way:
// the SVG of tasks that go through every state is the reference.
func TestStateColoursMatchTheTimeline(t *testing.T) {
	var events []asyncio.TaskEvent
	base := time.Now()
	at := func(ms int) time.Time { return base.Add(time.Duration(ms) * time.Millisecond) }
	add := func(id uint64, ms int, kind asyncio.EventKind, block asyncio.BlockKind, err error) {
		events = append(events, asyncio.TaskEvent{Time: at(ms), Kind: kind,
			Task: asyncio.TaskInfo{ID: id, Name: "task " + string(rune('a'+id))}, Block: block, Err: err})
	}
	id := uint64(1)
	for block := asyncio.BlockSleep; block <= asyncio.BlockQueue+1; block++ { // +1: an unknown kind, "blocked"
		add(id, 0, asyncio.TaskCreated, 0, nil)
		add(id, 1, asyncio.TaskStarted, 0, nil) // queued for 1 ms first
		add(id, 2, asyncio.TaskBlocked, block, nil)
		add(id, 4, asyncio.TaskResumed, block, nil)
		add(id, 5, asyncio.TaskFinished, 0, nil)
		id++
	}
	add(id, 0, asyncio.TaskCreated, 0, nil) // woken on an event loop, ready for 2 ms
	add(id, 1, asyncio.TaskStarted, 0, nil)
	add(id, 2, asyncio.TaskBlocked, asyncio.BlockSleep, nil)
	add(id, 3, asyncio.TaskReady, 0, nil)
	add(id, 5, asyncio.TaskResumed, asyncio.BlockSleep, nil)
	add(id, 6, asyncio.TaskFinished, 0, nil)
	id++
	add(id, 0, asyncio.TaskCreated, 0, nil)
	add(id, 1, asyncio.TaskFinished, 0, errors.New("boom"))
	id++
	add(id, 0, asyncio.TaskCreated, 0, nil)
	add(id, 1, asyncio.TaskCanceled, 0, context.Canceled)
	add(id+1, 9, asyncio.TaskCreated, 0, nil) // so that the others' outcomes show

	var svg strings.Builder
	if err := timeline.NewChart(events).SVG(&svg); err != nil {
		t.Fatal(err)
	}
	fills := make(map[string]string)
	for _, m := range regexp.MustCompile(`<rect class="([a-z-]+)"[^>]* fill="(#[0-9a-f]{6})"`).FindAllStringSubmatch(svg.String(), -1) {
		if m[1] != "background" {
			fills[m[1]] = m[2]
		}
	}
	if len(fills) < 15 {
		t.Fatalf("the reference chart shows only %d states: %v", len(fills), fills)
	}

	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	page := make(map[string]string)
	for _, m := range regexp.MustCompile(`\.state-([a-z-]+) \{ background: (#[0-9a-f]{6}|transparent); \}`).FindAllStringSubmatch(string(css), -1) {
		page[m[1]] = m[2]
	}
	for class, fill := range fills {
		if page[class] != fill {
			t.Errorf("state %q: the timeline fills it %s, the page %q", class, fill, page[class])
		}
	}
	// Every state's name is what the recordings send; the page's class is
	// that name with dashes for spaces.
	for s := timeline.Pending; s <= timeline.Canceled; s++ {
		class := strings.ReplaceAll(s.String(), " ", "-")
		if _, ok := page[class]; !ok {
			t.Errorf("state %q has no colour on the page (.state-%s)", s, class)
		}
	}
}
