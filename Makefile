# Entry points of the stack. `make` alone lists them.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

FRONT_PORT ?= 8080
export FRONT_PORT
COMPOSE ?= docker compose
PACKAGES := backend frontend e2e

.PHONY: help up down ps logs build config secrets test test-backend test-frontend test-e2e deps preflight clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

up: preflight secrets ## Build and start the stack; returns once every service is healthy
	@$(COMPOSE) up -d --build --wait --wait-timeout 300 || { scripts/diagnose.sh; exit 1; }
	@echo "The app is up: http://localhost:$(FRONT_PORT)  (health: http://localhost:$(FRONT_PORT)/api/status)"

down: ## Stop and remove the containers (the database volume is kept)
	@$(COMPOSE) down --remove-orphans

ps: ## Show the services and their health
	@$(COMPOSE) ps --all

logs: ## Follow the logs (SERVICE=api for one service)
	@$(COMPOSE) logs --follow --tail=200 $(SERVICE)

build: preflight ## Build the images
	@$(COMPOSE) build

config: ## Validate the compose file, alone and with the production overlay
	@$(COMPOSE) config --quiet && echo "docker-compose.yml: valid"
	@$(COMPOSE) -f docker-compose.yml -f docker-compose.prod.yml config --quiet && echo "docker-compose.yml + docker-compose.prod.yml: valid"

secrets: ## Generate the database passwords into secrets/ (kept if present)
	@scripts/secrets.sh

preflight: ## Check Docker, Compose v2 and the front's port, with the fix for each
	@scripts/preflight.sh

test: deps ## Run every test suite (API, front, running stack) and print the total
	@scripts/test.sh $(PACKAGES)

test-backend: deps ## API tests against a real PostgreSQL 16
	@cd backend && npm test

test-frontend: deps ## Component tests in Chromium
	@cd frontend && npm test

test-e2e: deps secrets ## Build and run the stack under its own project, test it in Chromium, tear it down
	@e2e/run.sh

# npm ci again only when a lockfile changed.
deps: $(foreach p,$(PACKAGES),$(p)/node_modules/.package-lock.json) ## Install the test dependencies
%/node_modules/.package-lock.json: %/package-lock.json
	@scripts/check-node.sh
	@cd $* && npm ci --no-audit --no-fund

clean: ## Remove the stack, its volume, and local build and test output
	@$(COMPOSE) down --volumes --remove-orphans
	@rm -rf $(foreach p,$(PACKAGES),$(p)/dist $(p)/reports)
