"""Say in one line what to install when the Python given to make cannot build the course's venv.

Run by ``make`` before it creates ``.venv``; written to run on old Pythons too, so that it can
say what is wrong instead of failing on syntax. Exit status 1 after the message.
"""

import sys

OLDEST = (3, 10)


def problem(version=None, has_venv=None):
    """The one-line reason this interpreter cannot be used, or an empty string."""
    version = tuple(sys.version_info[:3]) if version is None else version
    shown = ".".join(str(part) for part in version)
    if tuple(version[:2]) < OLDEST:
        return (
            "This course needs Python 3.10 or newer, but {} is Python {}: install a newer "
            "Python and run, e.g., make PYTHON=python3.12 lab"
        ).format(sys.executable, shown)
    if has_venv is None:
        try:
            import ensurepip  # noqa: F401  (Debian leaves it out without python3-venv)
            import venv  # noqa: F401
        except ImportError:
            has_venv = False
        else:
            has_venv = True
    if not has_venv:
        return (
            "Python {} at {} cannot create a virtual environment: install its venv module "
            "(on Debian or Ubuntu: sudo apt-get install python3-venv) and run make again"
        ).format(shown, sys.executable)
    return ""


if __name__ == "__main__":
    message = problem()
    if message:
        sys.stderr.write(message + "\n")
        sys.exit(1)
