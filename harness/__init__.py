"""What the tests and the benchmarks drive the course with: a real JupyterLab in headless
Chromium (:mod:`harness.browser`) and a real JupyterHub with a git server
(:mod:`harness.hub`). Not part of the installed package."""
