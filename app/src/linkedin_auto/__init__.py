"""LinkedIn Auto: a self-hosted appliance that automates your own LinkedIn account."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("linkedin-auto")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
