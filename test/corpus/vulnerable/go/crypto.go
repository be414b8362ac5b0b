// Encryption with IVs and nonces that never change. Labels: `ruleid:`.
package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"
)

var fixedNonce = []byte("0123456789ab")

func sealRecord(gcm cipher.AEAD, record []byte) []byte {
	// ruleid: static-iv
	return gcm.Seal(nil, fixedNonce, record, nil)
}

func streamFor(block cipher.Block) cipher.Stream {
	iv := make([]byte, aes.BlockSize)
	// ruleid: static-iv
	return cipher.NewCTR(block, iv)
}

func encryptBlocks(block cipher.Block, dst, src []byte) {
	// ruleid: static-iv
	mode := cipher.NewCBCEncrypter(block, []byte("abcdefghijklmnop"))
	mode.CryptBlocks(dst, src)
}

func sealFresh(gcm cipher.AEAD, record []byte) ([]byte, error) {
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, record, nil), nil
}
