# Entry points of the stack. `make` alone lists them.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

FRONT_PORT ?= 8080
export FRONT_PORT
COMPOSE ?= docker compose
# One way to name the compose files: Compose's own COMPOSE_FILE. The targets that start a stack set
# it; every other target and script reads it back from the running stack (scripts/compose.sh).
STACK := scripts/compose.sh
up: export COMPOSE_FILE := docker-compose.yml
prod-up: export COMPOSE_FILE := docker-compose.yml:docker-compose.prod.yml
IMAGE_REGISTRY ?= local
PACKAGES := backend frontend security e2e
# make test's suites: the code checks, then each package's tests.
SUITES := check $(PACKAGES)

.PHONY: help up prod-up down ps logs health build config secrets backup restore bench check format lint policy scan test test-check test-backend test-frontend test-security test-e2e deps preflight clean destroy k8s-manifests deploy dev

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

up: preflight secrets ## Build and start the stack; returns once every service is healthy
	@$(COMPOSE) up -d --build --wait --wait-timeout 300 || { scripts/diagnose.sh; exit 1; }
	@echo "The app is up: http://localhost:$(FRONT_PORT)  (health: http://localhost:$(FRONT_PORT)/api/status)"

prod-up: preflight secrets ## Start with the production overlay (builds only when IMAGE_REGISTRY=local)
	@$(if $(filter local,$(IMAGE_REGISTRY)),$(COMPOSE) build,true)
	@$(COMPOSE) up -d --wait --wait-timeout 300 || { scripts/diagnose.sh; exit 1; }
	@echo "The app is up (production overlay): http://localhost:$(FRONT_PORT)"

dev: export COMPOSE_FILE := docker-compose.yml:docker-compose.dev.yml
dev: preflight secrets ## Start for development: saved sources reload in seconds (make down stops it)
	@$(COMPOSE) up -d --build --wait --wait-timeout 300 || { scripts/diagnose.sh; exit 1; }
	@echo "The app is up for development: http://localhost:$(FRONT_PORT)  (backend/src and frontend/src reload on save; make logs; make down)"

deploy: ## Roll api and front onto the IMAGE_TAG images, replica by replica, no request lost (SERVICE=api|front)
	@scripts/deploy.sh

down: ## Stop and remove the containers (the database volume is kept)
	@$(STACK) down --remove-orphans

ps: ## Show the services and their health
	@$(STACK) ps --all

logs: ## Follow the logs (SERVICE=api for one service)
	@$(STACK) logs --follow --tail=200 $(SERVICE)

health: ## Each service's health and the API's /status report
	@scripts/health.sh

build: preflight ## Build the images
	@$(COMPOSE) build

config: ## Validate the compose file, alone and with each overlay
	@$(COMPOSE) config --quiet && echo "docker-compose.yml: valid"
	@$(COMPOSE) -f docker-compose.yml -f docker-compose.prod.yml config --quiet && echo "docker-compose.yml + docker-compose.prod.yml: valid"
	@$(COMPOSE) -f docker-compose.yml -f docker-compose.dev.yml config --quiet && echo "docker-compose.yml + docker-compose.dev.yml: valid"
	@$(COMPOSE) -f docker-compose.yml -f docker-compose.swarm.yml config --quiet && echo "docker-compose.yml + docker-compose.swarm.yml: valid"

secrets: ## Generate the database passwords into secrets/ (kept if present)
	@scripts/secrets.sh

backup: ## pg_dump the database into backups/app-<timestamp>.dump, checked before it is kept
	@scripts/backup.sh

restore: ## Restore a backup, replacing the data: make restore FILE=backups/app-<timestamp>.dump
	@scripts/restore.sh "$(FILE)"

.PHONY: base-backup recover
base-backup: ## Verified base backup into the WAL archive; keeps the newest BASE_BACKUP_KEEP (7)
	@scripts/base-backup.sh

recover: ## Point-in-time recovery from the WAL archive: make recover [TARGET_TIME="2026-11-24 14:02:59+00"]
	@scripts/recover.sh "$(TARGET_TIME)"

preflight: ## Check Docker, Compose v2 and the front's port, with the fix for each
	@scripts/preflight.sh

test: ## Run every suite (code checks, API, front, policy, running stack) and print the total
	@$(MAKE) --no-print-directory -j5 deps # the installs wait on the network: run them side by side
	@scripts/test.sh $(SUITES)

check: deps ## Format, lint, types and shell checks of every package, read-only (make format rewrites)
	@scripts/check.sh

format: node_modules/.package-lock.json ## Rewrite every file in the one project format (Prettier)
	@npx --no-install prettier --write --log-level warn .

lint: deps ## ESLint (type-aware, Lit rules for the front) and shellcheck
	@scripts/check.sh lint shellcheck

test-check: deps
	@scripts/check.sh --report reports/check-results.json

test-backend: deps ## API tests against a real PostgreSQL 16
	@cd backend && npm test

test-frontend: deps ## Component tests in Chromium
	@cd frontend && npm test

test-e2e: deps secrets ## Build and run the stack under its own project, test it in Chromium, tear it down
	@e2e/run.sh

test-security: deps ## Policy rules and scan logic against fixtures (Compose CLI, no daemon)
	@cd security && npm test

bench: secrets ## API vs a raw node:http+pg twin and via the front, on a stack of its own seeded to ROWS (default 100) items
	@scripts/bench.sh

policy: security/node_modules/.package-lock.json ## Policy check of the compose model, Dockerfiles, .trivyignore and Kubernetes manifests (Compose CLI, no daemon)
	@cd security && npm run --silent check

# Docker Swarm: the same compose files, with docker-compose.swarm.yml, as stack SWARM_STACK (app).
.PHONY: swarm-up swarm-down swarm-ps
swarm-up: ## Deploy on Docker Swarm (docker stack deploy; builds when IMAGE_REGISTRY=local); returns once converged
	@scripts/swarm.sh up
swarm-down: ## Remove the Swarm stack (its database volume is kept)
	@scripts/swarm.sh down
swarm-ps: ## The Swarm stack's services, tasks and health
	@scripts/swarm.sh ps

k8s-manifests: ## Print the Kubernetes manifests as one YAML stream (images named by IMAGE_REGISTRY, IMAGE_TAG)
	@scripts/k8s-manifests.sh || [ $$? -eq 141 ] # 141: the reader stopped early (| head), not a failure

scan: security/node_modules/.package-lock.json ## Trivy: image vulnerabilities + SBOMs, Dockerfiles, secrets; fails closed
	@security/scan.sh

# npm ci again only when a lockfile changed. The root package holds the format and lint tools.
deps: node_modules/.package-lock.json $(foreach p,$(PACKAGES),$(p)/node_modules/.package-lock.json) ## Install the test dependencies
node_modules/.package-lock.json: package-lock.json
	@scripts/check-node.sh
	@npm ci --no-audit --no-fund --prefer-offline
%/node_modules/.package-lock.json: %/package-lock.json
	@scripts/check-node.sh
	@cd $* && npm ci --no-audit --no-fund --prefer-offline

clean: ## Remove local build and test output (never the stack or its data: see destroy)
	@rm -rf reports $(foreach p,$(PACKAGES),$(p)/dist $(p)/reports)

destroy: ## Remove the stack AND DELETE its database and WAL archive volumes: asks you to type yes (or CONFIRM=yes)
	@CONFIRM="$(CONFIRM)" scripts/destroy.sh
