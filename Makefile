# flowroute.numbers: `make demo` runs the main job, `make test` runs every test.
.PHONY: demo test units integration sanity stage venvs clean bench docs ecosystem mutation ee

demo:          ## set up, start the emulator, run the demo playbook twice
	bash tests/bin/demo.sh

test:          ## set up and run every test (what CI runs)
	bash tests/bin/run-all.sh

venvs:
	bash tests/bin/setup-venvs.sh

stage: venvs
	bash tests/bin/stage.sh

units: venvs
	.venv/new/bin/python -m pytest -q tests/unit

integration: stage   ## the integration tests on ansible-core 2.21
	.venv/new/bin/python -m pytest -q -n 2 tests/integration

sanity: stage  ## ansible-test sanity on every tested ansible-core
	for venv in old core218 core219 core220 new pre; do bash tests/bin/run-sanity.sh $$venv || exit 1; done

clean:
	rm -rf .build tests/output

bench: stage   ## benchmarks: loops vs bulk tasks, the early stop, rate limits; emulator at 20 ms latency (not part of make test)
	.venv/new/bin/python tests/benchmarks/bench_routes.py
	.venv/new/bin/python tests/benchmarks/bench_numbers.py
	.venv/new/bin/python tests/benchmarks/bench_rate_limits.py
	.venv/new/bin/python tests/benchmarks/bench_export.py

docs:          ## build the HTML docs site with antsibull-docs into .build/docs/build/html
	bash tests/bin/build-docs.sh

ecosystem: stage
	bash tests/bin/run-ecosystem.sh

mutation:      ## mutmut over plugins/module_utils/ against the unit tests; per-file scores; fails under 90%
	bash tests/bin/run-mutation.sh

ee: stage      ## the execution environment's build context (docs/awx/execution-environment.yml) in .build/ee
	.venv/tools/bin/ansible-builder create -f docs/awx/execution-environment.yml --context .build/ee --output-filename Containerfile
