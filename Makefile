# Entry points of the stack. `make` alone lists them.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

FRONT_PORT ?= 8080
export FRONT_PORT
COMPOSE ?= docker compose
PROD_FILES := -f docker-compose.yml -f docker-compose.prod.yml
IMAGE_REGISTRY ?= local
PACKAGES := backend frontend security e2e

.PHONY: help up prod-up deploy down ps logs health build config secrets backup restore bench-api lint scan test test-backend test-frontend test-security test-e2e deps preflight clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

up: preflight secrets ## Build and start the stack; returns once every service is healthy
	@$(COMPOSE) up -d --build --wait --wait-timeout 300 || { scripts/diagnose.sh; exit 1; }
	@echo "The app is up: http://localhost:$(FRONT_PORT)  (health: http://localhost:$(FRONT_PORT)/api/status)"

prod-up: preflight secrets ## Start with the production overlay (builds only when IMAGE_REGISTRY=local)
	@$(if $(filter local,$(IMAGE_REGISTRY)),$(COMPOSE) $(PROD_FILES) build,true)
	@$(COMPOSE) $(PROD_FILES) up -d --wait --wait-timeout 300 || { scripts/diagnose.sh $(PROD_FILES); exit 1; }
	@echo "The app is up (production overlay): http://localhost:$(FRONT_PORT)"

deploy: ## Roll api and front onto the IMAGE_TAG images, replica by replica, no request lost (SERVICE=api|front)
	@scripts/deploy.sh $(PROD_FILES)

down: ## Stop and remove the containers (the database volume is kept)
	@$(COMPOSE) down --remove-orphans

ps: ## Show the services and their health
	@$(COMPOSE) ps --all

logs: ## Follow the logs (SERVICE=api for one service)
	@$(COMPOSE) logs --follow --tail=200 $(SERVICE)

health: ## Each service's health and the API's /status report
	@scripts/health.sh

build: preflight ## Build the images
	@$(COMPOSE) build

config: ## Validate the compose file, alone and with the production overlay
	@$(COMPOSE) config --quiet && echo "docker-compose.yml: valid"
	@$(COMPOSE) -f docker-compose.yml -f docker-compose.prod.yml config --quiet && echo "docker-compose.yml + docker-compose.prod.yml: valid"

secrets: ## Generate the database passwords into secrets/ (kept if present)
	@scripts/secrets.sh

backup: ## pg_dump the database into backups/app-<timestamp>.dump, checked before it is kept
	@scripts/backup.sh

restore: ## Restore a backup, replacing the data: make restore FILE=backups/app-<timestamp>.dump
	@scripts/restore.sh "$(FILE)"

preflight: ## Check Docker, Compose v2 and the front's port, with the fix for each
	@scripts/preflight.sh

test: ## Run every test suite (API, front, policy, running stack) and print the total
	@$(MAKE) --no-print-directory -j4 deps # the installs wait on the network: run them side by side
	@scripts/test.sh $(PACKAGES)

test-backend: deps ## API tests against a real PostgreSQL 16
	@cd backend && npm test

test-frontend: deps ## Component tests in Chromium
	@cd frontend && npm test

test-e2e: deps secrets ## Build and run the stack under its own project, test it in Chromium, tear it down
	@e2e/run.sh

test-security: deps ## Policy rules and scan logic against fixtures (no Docker)
	@cd security && npm test

bench-api: deps ## Benchmark the running stack's API: req/s, p50, p99 of /status and /items, memory
	@scripts/bench-api.sh

lint: security/node_modules/.package-lock.json ## Policy check of the compose files, Dockerfiles and .trivyignore (no Docker)
	@cd security && npm run --silent check

scan: security/node_modules/.package-lock.json ## Trivy: image vulnerabilities + SBOMs, Dockerfiles, secrets; fails closed
	@security/scan.sh

# npm ci again only when a lockfile changed.
deps: $(foreach p,$(PACKAGES),$(p)/node_modules/.package-lock.json) ## Install the test dependencies
%/node_modules/.package-lock.json: %/package-lock.json
	@scripts/check-node.sh
	@cd $* && npm ci --no-audit --no-fund --prefer-offline

clean: ## Remove the stack, its volume, and local build and test output
	@$(COMPOSE) down --volumes --remove-orphans
	@rm -rf $(foreach p,$(PACKAGES),$(p)/dist $(p)/reports)
