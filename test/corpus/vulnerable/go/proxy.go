// A fetch-and-show handler. Labels: `ruleid:`.
package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
)

func fetch(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: tainted-ssrf
	resp, err := http.Get(target)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	status, _ := http.Get("https://status.acme.com/health")
	_ = status
	// ruleid: tainted-html
	fmt.Fprintf(w, "<h1>%s</h1>", r.FormValue("title"))
	fmt.Fprintf(w, "<h1>%s</h1>", html.EscapeString(r.FormValue("title")))
	io.Copy(w, resp.Body)
}
