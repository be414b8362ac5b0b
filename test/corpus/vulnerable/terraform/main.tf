# Labels: `ruleid:`.
resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  # ruleid: public-bucket-acl
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket = aws_s3_bucket.site.id
  # ruleid: public-bucket-acl
  block_public_acls       = false
  # ruleid: public-bucket-acl
  restrict_public_buckets = false
}

resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ruleid: public-bucket-acl
  member = "allUsers"
}

resource "aws_security_group" "db" {
  name = "db"
  ingress {
    # ruleid: open-ingress-admin-port
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    # ruleid: open-ingress-admin-port
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "google_compute_firewall" "rdp" {
  name = "rdp"
  allow {
    protocol = "tcp"
    # ruleid: open-ingress-admin-port
    ports    = ["3389"]
  }
  source_ranges = ["0.0.0.0/0"]
}

data "aws_iam_policy_document" "admin" {
  statement {
    # ruleid: iam-wildcard-action
    actions   = ["*"]
    # ruleid: iam-wildcard-resource
    resources = ["*"]
  }
  statement {
    # ruleid: iam-service-wildcard-action
    actions   = ["kms:*"]
    resources = [aws_kms_key.main.arn]
    principals {
      type        = "AWS"
      # ruleid: iam-principal-wildcard
      identifiers = ["*"]
    }
  }
}

resource "tls_private_key" "deploy" {
  algorithm = "RSA"
  # ruleid: rsa-small-key-text
  rsa_bits  = 1024
}

resource "azurerm_storage_account" "logs" {
  name = "acmelogs"
  # ruleid: insecure-tls-protocol
  min_tls_version = "TLS1_0"
}

resource "aws_lambda_function" "hook" {
  function_name = "hook"
  environment {
    variables = {
      # ruleid: plaintext-url-in-config
      TARGET = "http://hooks.acme-partners.com/inbound"
    }
  }
}
