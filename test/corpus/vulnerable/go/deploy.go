package main

import (
	"golang.org/x/crypto/ssh"
)

func deployConfig(user string, auth []ssh.AuthMethod) *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User: user,
		Auth: auth,
		// ruleid: ssh-host-key-unverified
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
}
