// A minimal Go aggregator, the second peer: net/http, one goroutine per backend call, each under a
// context deadline, the two JSON answers merged. No retries, no partial answers. POOL sets the idle
// connections kept per backend host: Go's default is 2 (http.DefaultTransport), which under load
// opens and closes connections all the time; a tuned server keeps as many as it has callers.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"
)

var client *http.Client

func fetch(ctx context.Context, u string) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %d", u, resp.StatusCode)
	}
	return body, nil
}

type answer struct {
	body json.RawMessage
	err  error
}

func main() {
	flightURL, forecastURL := os.Getenv("FLIGHT_URL"), os.Getenv("FORECAST_URL")
	pool, err := strconv.Atoi(os.Getenv("POOL"))
	if err != nil || pool < 1 {
		pool = http.DefaultMaxIdleConnsPerHost
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = pool
	transport.MaxIdleConns = 2 * pool
	client = &http.Client{Transport: transport}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8091"
	}
	http.HandleFunc("/departure", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		flight, date, from := url.PathEscape(q.Get("flight")), url.QueryEscape(q.Get("date")), url.QueryEscape(q.Get("from"))
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		flights, forecasts := make(chan answer, 1), make(chan answer, 1)
		go func() {
			b, err := fetch(ctx, flightURL+"/flights/"+flight+"?date="+date)
			flights <- answer{b, err}
		}()
		go func() {
			b, err := fetch(ctx, forecastURL+"/forecasts?airport="+from+"&date="+date)
			forecasts <- answer{b, err}
		}()
		f, c := <-flights, <-forecasts
		if f.err != nil || c.err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"flight": f.body, "forecast": c.body, "complete": true})
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
