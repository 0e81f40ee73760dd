// Package explorer is the web explorer of rexasyncio serve: a page, served
// with its files embedded, on which every registered example replays, or
// runs live, with its sources side by side, its output appearing line by
// line at its moments, and a timeline of its tasks swept by a cursor.
//
// Serve or ListenAndServe runs it until a context ends; a Server is the
// http.Handler itself, for tests and for embedding.
//
// # The API
//
// Every endpoint answers GET, with JSON unless said otherwise; errors are
// plain text with a 4xx or 5xx status. Only examples in the registry
// (package examples) can be named, and nothing else can be run.
//
//	GET /api/examples
//	    {"groups": [{"name", "examples": [{"name", "summary", "teaches",
//	    "group", "duration", "realTime", "modes"}]}], "modes": [{"name",
//	    "title", "available"}]}: the examples grouped as rexasyncio --list
//	    shows them, and the modes (duration is the usual run time, in
//	    seconds; an example's modes are those it runs in, its default
//	    first).
//
//	GET /api/examples/{name}
//	    One example: its summary fields, "sources" (an array of {"lang",
//	    "title", "file", "html"}: the Python counterpart, then the Go on
//	    package asyncio, highlighted by chroma) and "notes" (HTML). 404 for
//	    an unknown name.
//
//	GET /api/examples/{name}/recording?mode=loop
//	    A Recording: the lines the example printed and its tasks' states,
//	    with their moments in seconds, and, for a task blocked in package
//	    asyncio, the line of the example's Go file where it waits ("line")
//	    and what it waits for ("on"). The example is recorded on the first
//	    request for it and mode, and the recording is kept for the server's
//	    life, so at most one recording per example and mode ever runs. On
//	    the event loop it runs on the loop's virtual clock and is ready at
//	    once; on goroutines it runs in real time, so the first request takes
//	    as long as the example.
//
//	GET /api/examples/{name}/live?mode=loop
//	    Runs the example for real and streams it as server-sent events
//	    (text/event-stream), each with JSON data: "start" {"example",
//	    "mode"}; "line" {"at", "text"} as each line is printed; "tasks"
//	    {"at", "tasks"} with the timeline so far, at most every 100 ms
//	    while tasks change state; then "end" with the whole Recording.
//	    At most Options.MaxLive runs stream at once: past that the answer is
//	    429 Too Many Requests. A client that disconnects cancels its run.
//
// The mode parameter is "loop" (asyncio's event loop: one task at a time, in
// CPython's order) or "goroutines" (every task on a goroutine of its own, in
// parallel); without it, the example's default: the loop for the post's
// examples, goroutines for the threads and processes, which run in no other
// mode (asking for the loop there is answered 400).
// Requests that another site's page makes to the API (Sec-Fetch-Site:
// cross-site) are refused with 403.
//
// # The page
//
// GET / serves the page; its files are under /static/. The page's address
// names what it shows, so that it can be shared: ?example=NAME&mode=MODE&at=
// SECONDS (and speed=0.25…4 for the replay speed).
package explorer
