#!/usr/bin/env python3
"""Write a Raspberry Pi Imager manifest (.rpi-imager-manifest) for one image: Imager's OS-list
JSON with init_format "cloudinit", so its customisation (user, SSH key, host name, Wi-Fi) is
written as cloud-init NoCloud files to the boot partition instead of being refused."""

import argparse
import datetime
import json

p = argparse.ArgumentParser()
p.add_argument("--name", required=True)
p.add_argument("--image", required=True, help="file name of the .img.xz, next to the manifest")
p.add_argument("--extract-size", type=int, required=True)
p.add_argument("--extract-sha256", required=True)
p.add_argument("--download-size", type=int, required=True)
p.add_argument("--download-sha256", required=True)
p.add_argument("--devices", nargs="+", default=["pi4-64bit", "pi5-64bit"])
p.add_argument("--init-format", default="cloudinit")
a = p.parse_args()
entry = {
    "name": a.name,
    "description": "LinkedIn Auto appliance: open http://<hostname>.local/ after the first boot",
    "url": a.image,
    "extract_size": a.extract_size,
    "extract_sha256": a.extract_sha256,
    "image_download_size": a.download_size,
    "image_download_sha256": a.download_sha256,
    "release_date": datetime.date.today().isoformat(),
    "init_format": a.init_format,
    "devices": a.devices,
}
print(json.dumps({"os_list": [entry]}, indent=2))
