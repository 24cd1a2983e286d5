// The environment the tests run Compose in: what finds the docker CLI and its plugins, and no .env
// file, so neither the shell nor a local .env changes what the committed files mean.
export function composeEnv(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PATH, HOME, DOCKER_CONFIG } = process.env;
  return { PATH, HOME, DOCKER_CONFIG, COMPOSE_DISABLE_ENV_FILE: '1', ...vars };
}
