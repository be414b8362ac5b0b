#!/usr/bin/env node
'use strict';
// Thin launcher so `npx warden` works from the repository after `npm install` (which builds dist/).
require('../dist/cli.js');
