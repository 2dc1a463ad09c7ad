"""Consistency of deploy/ with the code, run by scripts/ci/deploy-check (no Docker engine needed).

Mirrors what building the images and starting the compose file would find out:
- the Dockerfile builds with the project's own release build command, only products Package.swift declares, and
  every final stage runs one of the binaries the build stage copied;
- every service built from deploy/Dockerfile names a stage that exists, and its command parses (checked by the
  shell script with the real binaries: this prints them);
- every variable compose passes to a dockgate process is one the code reads; every key of .env.example is read by
  the code or used by docker-compose.yml (and then documented in docs/deployment.md); every setting in
  docs/configuration.md is in .env.example and read by the code.

Usage: deploy_consistency.py ROOT COMPOSE_JSON  -> prints "service binary arg..." lines for the command check.
"""

import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
compose = json.loads(pathlib.Path(sys.argv[2]).read_text())
problems: list[str] = []

products = set(re.findall(r'\.executable\(name: "([^"]+)"', (root / "Package.swift").read_text()))
dockerfile = (root / "deploy/Dockerfile").read_text()
# Join continuation lines so each instruction is one line.
instructions = re.sub(r"\\\n\s*", " ", dockerfile).splitlines()

# The release build: exactly the scripts' `swift build -c "$configuration" --product X` with configuration=release,
# plus --static-swift-stdlib (the runtime image has no Swift runtime).
run_script = (root / "scripts/run").read_text()
if 'swift build -c "$configuration" --product' not in run_script:
    problems.append("scripts/run no longer builds with `swift build -c \"$configuration\" --product`: update this check")
built = set()
for command in re.findall(r"swift build [^&;]*", dockerfile.replace("\\\n", " ")):
    words = command.split()
    if "--show-bin-path" in words:
        continue
    if words[:4] != ["swift", "build", "-c", "release"] or "--static-swift-stdlib" not in words:
        problems.append(f"deploy/Dockerfile builds with `{command.strip()}`, not `swift build -c release "
                        "--static-swift-stdlib --product X`")
    if "--product" in words:
        built.add(words[words.index("--product") + 1])
for product in sorted(built - products):
    problems.append(f"deploy/Dockerfile builds --product {product}, which Package.swift does not declare")

stages = {}
current = None
for line in instructions:
    match = re.match(r"FROM\s+\S+\s+AS\s+(\S+)", line, re.I)
    if match:
        current = match.group(1)
        stages[current] = {"entrypoint": None, "healthcheck": None, "copied": []}
        continue
    if current is None:
        continue
    if line.startswith("ENTRYPOINT"):
        stages[current]["entrypoint"] = json.loads(line[len("ENTRYPOINT"):].strip())
    elif line.startswith("HEALTHCHECK"):
        stages[current]["healthcheck"] = line
    elif line.startswith("COPY --from=build"):
        stages[current]["copied"] += line.split()[2:-1]
for name, stage in stages.items():
    if stage["entrypoint"] is None:
        continue
    binary = stage["entrypoint"][0]
    if binary not in built:
        problems.append(f"deploy/Dockerfile stage {name} runs {binary}, which the build stage does not build")
    if f"/staging/{binary}" not in stage["copied"]:
        problems.append(f"deploy/Dockerfile stage {name} runs {binary} without copying /staging/{binary}")
    if binary in ("open-api", "dji-bridge") and stage["healthcheck"] is None:
        problems.append(f"deploy/Dockerfile stage {name} has no HEALTHCHECK")
    if binary == "open-api" and "/staging/dockgate_OpenAPI.resources" not in stage["copied"]:
        problems.append("deploy/Dockerfile: open-api needs its resource bundle dockgate_OpenAPI.resources next to it")
if "USER 10001" not in dockerfile:
    problems.append("deploy/Dockerfile: the runtime stage must run as the non-root user 10001")

# Every uppercase string literal in Sources: the environment keys the code can read are among them.
literals = set()
for path in (root / "Sources").rglob("*.swift"):
    literals |= set(re.findall(r'"([A-Z][A-Z0-9_]{2,})"', path.read_text()))

compose_text = (root / "docker-compose.yml").read_text()
deployment_doc = (root / "docs/deployment.md").read_text() if (root / "docs/deployment.md").exists() else ""

commands = []
compose_set = set()
for name, service in compose["services"].items():
    build = service.get("build")
    if not build:
        continue
    dockerfile_path = pathlib.Path(build["context"]) / build.get("dockerfile", "Dockerfile")
    if dockerfile_path.resolve() != (root / "deploy/Dockerfile").resolve():
        problems.append(f"service {name} builds {dockerfile_path}, not deploy/Dockerfile")
        continue
    target = build.get("target")
    if target not in stages or stages[target]["entrypoint"] is None:
        problems.append(f"service {name} builds target {target!r}, which deploy/Dockerfile has no runnable stage for")
        continue
    binary = stages[target]["entrypoint"][0]
    commands.append(" ".join([name, binary] + (service.get("command") or [])))
    for key in service.get("environment") or {}:
        compose_set.add(key)
        if key not in literals:
            problems.append(f"service {name} sets {key}, which no code reads (no \"{key}\" in Sources)")

env_keys, env_commented = [], set()
for line in (root / ".env.example").read_text().splitlines():
    match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
    if match:
        env_keys.append(match.group(1))
    match = re.match(r"^#\s*([A-Z][A-Z0-9_]*)=", line)
    if match:
        env_commented.add(match.group(1))
for key in env_keys:
    if key in literals:
        continue
    if "${" + key not in compose_text:
        problems.append(f".env.example sets {key}, which neither the code nor docker-compose.yml reads")
    elif f"`{key}`" not in deployment_doc:
        problems.append(f".env.example sets the compose-only {key}, which docs/deployment.md does not document")

configuration_doc = (root / "docs/configuration.md").read_text()
documented = set()
section = ""
for line in configuration_doc.splitlines():
    if line.startswith("#"):
        section = line
    elif line.startswith("| `") and "scripts/run" not in section:
        documented |= set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", line.split("|")[1]))
for key in sorted(documented):
    if key not in literals:
        problems.append(f"docs/configuration.md documents {key}, which no code reads")
    if key not in env_keys and key not in env_commented and key not in compose_set:
        problems.append(f"docs/configuration.md documents {key}, which neither .env.example lists nor "
                        "docker-compose.yml sets")

if problems:
    print("\n".join("deploy-check: " + p for p in problems), file=sys.stderr)
    sys.exit(1)
print("\n".join(commands))
