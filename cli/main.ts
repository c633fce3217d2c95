#!/usr/bin/env node
process.stdout.write("p2p-conformance: not yet implemented\n");
