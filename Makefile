# The two commands of the README: `make run` and `make test`.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: run test deb build release lint bench clean

run: ## install what is missing, build, start ukey-doctor
	./scripts/setup
	$(SWIFT) build -c release --product ukey-doctor
	./.build/release/ukey-doctor $(ARGS)

test: ## install what is missing, start the PC/SC rig, run every test
	./scripts/test

deb: ## install what is missing, build .build/deb/ukey-doctor_VERSION_ARCH.deb
	./scripts/setup
	./scripts/deb/build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

lint: build
	./.build/debug/ukey-doctor content lint

bench:
	./scripts/bench/content-load

clean:
	rm -rf .build
