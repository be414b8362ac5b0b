import tempfile
import tempfile as tmp
from tempfile import mktemp

import paramiko
from paramiko import client


def run_remote(host, script):
    ssh = paramiko.SSHClient()
    # ruleid: ssh-host-key-unverified
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    ssh.connect(host, username="deploy")
    return ssh


def backup(host):
    c = client.SSHClient()
    # ruleid: ssh-host-key-unverified
    c.set_missing_host_key_policy(client.WarningPolicy())
    # ruleid: insecure-temp-file
    target = tempfile.mktemp(suffix=".tar")
    return c, target


def scratch_names():
    # ruleid: insecure-temp-file
    a = tmp.mktemp()
    # ruleid: insecure-temp-file
    b = mktemp(".log")
    return a, b
