// A Go service with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
package main

import (
	"crypto/des"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/tls"
	"database/sql"
	"fmt"
	"log"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"html/template"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rs/cors"
	"golang.org/x/crypto/pbkdf2"
)

// ruleid: plaintext-url-in-code
const metricsURL = "http://metrics.acme-observability.com/push"

func client() *http.Client {
	tr := &http.Transport{
		// ruleid: tls-verify-off
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	return &http.Client{Transport: tr}
}

func legacyTLS() *tls.Config {
	// ruleid: insecure-tls-protocol
	return &tls.Config{MinVersion: tls.VersionTLS10}
}

func insecure2() *tls.Config {
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		// ruleid: tls-verify-off
		InsecureSkipVerify: true,
	}
	return cfg
}

func users(db *sql.DB, w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: tainted-sql
	rows, err := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
	if err != nil {
		// ruleid: tainted-sql
		db.Exec("INSERT INTO errors (msg) VALUES ('" + err.Error() + "')")
		return
	}
	defer rows.Close()
}

func byID(db *sql.DB, r *http.Request) {
	ctx := r.Context()
	// ruleid: tainted-sql
	row := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT email FROM users WHERE id = %s`, r.FormValue("id")))
	_ = row
}

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: tainted-command
	out, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()
	// ruleid: tainted-command
	exec.Command("bash", "-c", fmt.Sprintf("nslookup %s", host)).Run()
	// ruleid: tainted-command
	exec.Command(fmt.Sprintf("/usr/bin/dig %s", host)).Run()
	w.Write(out)
}

func next(w http.ResponseWriter, r *http.Request) {
	// ruleid: tainted-redirect
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
}

func file(w http.ResponseWriter, r *http.Request) {
	// ruleid: tainted-path
	http.ServeFile(w, r, r.URL.Query().Get("path"))
}

func readFile(w http.ResponseWriter, r *http.Request) {
	// ruleid: tainted-path
	data, _ := os.ReadFile(r.FormValue("name"))
	w.Write(data)
}

func bio(w http.ResponseWriter, r *http.Request) {
	// ruleid: template-autoescape-disabled, tainted-html
	out := template.HTML(r.FormValue("bio"))
	_ = out
}

func checksum(b []byte) [16]byte {
	// ruleid: weak-hash-call
	return md5.Sum(b)
}

func fingerprint() {
	// ruleid: weak-hash-call
	h := sha1.New()
	_ = h
}

func legacyCipher(key []byte) {
	// ruleid: weak-cipher-text
	block, _ := des.NewTripleDESCipher(key)
	_ = block
}

func keys() *rsa.PrivateKey {
	// ruleid: rsa-small-key-text
	k, _ := rsa.GenerateKey(cryptorand.Reader, 1024)
	return k
}

func derive(pw, salt []byte) []byte {
	// ruleid: pbkdf2-low-iterations-text
	return pbkdf2.Key(pw, salt, 4096, 32, sha256.New)
}

func resetToken() string {
	// ruleid: weak-random-secret
	token := fmt.Sprintf("%x", rand.Int63())
	return token
}

func otp() int {
	// ruleid: weak-random-secret
	otpCode := rand.Intn(1000000)
	return otpCode
}

func apiKey() []byte {
	b := make([]byte, 32)
	// ruleid: weak-random-secret
	secretKey := b[:rand.Read(b)]
	return secretKey
}

func login(user, apiKey string) {
	// ruleid: secret-logged
	log.Printf("login %s with key %s", user, apiKey)
}

func parse(raw string, claims jwt.MapClaims) {
	// ruleid: jwt-verification-disabled
	token, _, err := new(jwt.Parser).ParseUnverified(raw, claims)
	_, _ = token, err
}

func corsHandler() http.Handler {
	// ruleid: cors-credentials-any-origin
	c := cors.New(cors.Options{AllowedOrigins: []string{"*"}, AllowCredentials: true})
	return c.Handler(http.DefaultServeMux)
}

func share(p string, data []byte) {
	// ruleid: chmod-world-writable
	os.WriteFile(p, data, 0666)
}

func mtlsClient() *tls.Config {
	// ruleid: tls-verify-off
	return &tls.Config{Certificates: certs, InsecureSkipVerify:true}
}
