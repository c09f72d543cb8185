# ftpnat — build and test entry points.
GO ?= go
PKGS := ./...
SHELL := /bin/bash

.PHONY: test build vet fmt-check bench bench-rtt batchbench fleetbench pcapbench bounds fuzz lab-install

# The whole test suite: formatting, vet, and every test with the race
# detector. The output is go test's, followed by a line saying which tests
# skipped and why: without root, the NAT lab or Prometheus, those tests
# skip (in CI, CI=true, they fail instead) and `make lab-install` adds them.
test: fmt-check vet
	@set -o pipefail; $(GO) test -race -count=1 -json $(PKGS) 2>&1 | $(GO) run ./internal/testsummary

# What the tests that skip without it need, as root on Debian 12: the NAT
# lab's FTP servers and tools (fixtures/lab/install.sh) and Prometheus.
lab-install:
	bash fixtures/lab/install.sh
	bash fixtures/lab/install-prometheus.sh

build:
	$(GO) build -o bin/ftpnat ./cmd/ftpnat

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Speed targets (see README): healthy diagnosis and all-ports-filtered verdict.
bench:
	$(GO) test -run '^$$' -bench . -skip 'RoundTrips' -benchmem ./probe/

# Round trips on the critical path across a link of 20 ms each way (healthy,
# all data ports filtered) and 250 ms each way with 3% loss: rtt/op is the
# wall time in round trips.
RTTCOUNT ?= 3
bench-rtt:
	$(GO) test -run '^$$' -bench 'RoundTrips' -benchtime $(RTTCOUNT)x ./probe/

# Fuzz every parser and the reply reader (FUZZTIME each, default 60s). The
# committed seed corpora under */testdata/fuzz run with every `make test`.
FUZZTIME ?= 60s
fuzz:
	@echo "== FuzzReadReply"; $(GO) test ./probe -run '^$$' -fuzz '^FuzzReadReply$$' -fuzztime $(FUZZTIME)
	@for t in FuzzParsePASV FuzzParseEPSV FuzzParseFEAT FuzzParsePWD FuzzParseSYST FuzzFingerprint FuzzAddressesInText FuzzClassifyAddr FuzzParseStatClient; do \
		echo "== $$t"; $(GO) test ./probe/diagnosis -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done
	@for t in FuzzRead FuzzReassemble; do \
		echo "== $$t"; $(GO) test ./probe/capture -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done
	@for t in FuzzClientRead FuzzDecodeRequest; do \
		echo "== $$t"; $(GO) test ./monitor/remote -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

# ftpnat pcap's reader over a 1 GiB synthetic capture generated as it is
# read: fails below 200 MB/s or above 100 MB peak RSS (VmHWM), figures
# printed with the CPU time taken and the machine's load. The second run is
# the memory worst case: 7.6 million connection attempts to the FTP server,
# each from a new address, so the flow and connection bounds are what keep
# it small (15 million 70-byte packets: slow per byte, so its rate bound is
# low).
pcapbench:
	$(GO) run ./probe/capture/cmd/pcapbench -size 1073741824 -min-mbps 200 -max-rss-mb 100
	$(GO) run ./probe/capture/cmd/pcapbench -size 1073741824 -min-mbps 5 -max-rss-mb 100 -scan

# Batch over 1,000 fake targets on loopback: prints wall time, targets/s,
# CPU time and peak RSS of the batch and of the fake servers.
batchbench:
	$(GO) run ./monitor/cmd/batchbench

# The fleet goal: 10,000 fake targets within 60 s and 300 MB peak RSS for
# the batch; exits 1 when it misses either.
fleetbench:
	$(GO) run ./monitor/cmd/batchbench -targets 10000 -check

# The real binary against hostile servers on loopback: peak RSS against an
# endless listing or reply (bound 64 MB) and run time against servers that
# stall at every step (bound --timeout + 3s), each figure logged.
bounds:
	$(GO) test -count=1 -v -run '^TestProcessBounds$$' ./cmd/ftpnat/
