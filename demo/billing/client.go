package billing

import (
	"crypto/tls"
	"net/http"
)

const stripeKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc9Zq2Rm8Kv5Xw"

func newClient() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
}
