#!/bin/bash
# Rebuilds Fixtures/sysfs-basic, a small copy of the shape of real sysfs (see README.md).
# Usage: Tests/USBDevicesTests/Fixtures/make-sysfs-basic.sh Tests/USBDevicesTests/Fixtures
set -euo pipefail
F="$1/sysfs-basic"
rm -rf "$F"
SYS="$F/sys"
PCI="$SYS/devices/pci0000:00/0000:00:14.0"
mkdir -p "$SYS/bus/usb/devices"
for d in usbhid usb-storage usbfs hub usb; do mkdir -p "$SYS/bus/usb/drivers/$d"; echo "placeholder: git keeps no empty directory; the driver symlinks point here" > "$SYS/bus/usb/drivers/$d/README"; done

w() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" > "$1"; }

# device DIR NAME BUS DEVNUM DEVPATH VID PID BCD CLASS [manufacturer] [product] [serial]
device() {
  local dir="$1" name="$2"
  mkdir -p "$dir"
  w "$dir/busnum" "$3"; w "$dir/devnum" "$4"; w "$dir/devpath" "$5"
  w "$dir/idVendor" "$6"; w "$dir/idProduct" "$7"; w "$dir/bcdDevice" "$8"
  w "$dir/bDeviceClass" "$9"; w "$dir/bDeviceSubClass" "00"; w "$dir/bDeviceProtocol" "00"
  w "$dir/speed" "12"; w "$dir/version" " 2.00"; w "$dir/bNumInterfaces" " 1"
  w "$dir/uevent" "DEVTYPE=usb_device"
  [ -n "${10:-}" ] && w "$dir/manufacturer" "${10}"
  [ -n "${11:-}" ] && w "$dir/product" "${11}"
  [ -n "${12:-}" ] && w "$dir/serial" "${12}"
  # /sys/bus/usb/devices/NAME -> ../../../devices/...
  ln -s "../../../${dir#$SYS/}" "$SYS/bus/usb/devices/$name"
}

# interface DEVDIR IFNAME NUM CLASS SUB PROTO DRIVER|- [label]
interface() {
  local dir="$1/$2"
  mkdir -p "$dir"
  w "$dir/bInterfaceNumber" "$3"; w "$dir/bInterfaceClass" "$4"
  w "$dir/bInterfaceSubClass" "$5"; w "$dir/bInterfaceProtocol" "$6"
  w "$dir/bAlternateSetting" " 0"; w "$dir/bNumEndpoints" "02"
  [ -n "${8:-}" ] && w "$dir/interface" "$8"
  if [ "$7" != "-" ]; then
    local rel="${dir#$SYS/}"; local up=""
    IFS=/ read -ra parts <<< "$rel"; for _ in "${parts[@]}"; do up="../$up"; done
    ln -s "${up}bus/usb/drivers/$7" "$dir/driver"
  fi
  ln -s "../../../${dir#$SYS/}" "$SYS/bus/usb/devices/$2"
}

# hid DEVDIR IFNAME VID PID HEXBYTES: usbhid's child on the HID bus with its report descriptor
hid() {
  local child="$1/$2/0003:$3:$4.0001"
  mkdir -p "$child"
  printf "$(echo "$5" | sed 's/\([0-9a-fA-F][0-9a-fA-F]\)/\\x\1/g; s/ //g')" > "$child/report_descriptor"
}

R="$PCI/usb1"
# Root hub of bus 1: Linux Foundation 2.0 root hub (usb.ids 1d6b:0002).
device "$R" usb1 1 1 0 1d6b 0002 0606 09 "Linux 6.1.0-18-amd64 xhci-hcd" "xHCI Host Controller" "0000:00:14.0"
interface "$R" "1-0:1.0" 00 09 00 00 hub

# 1-1 Feitian ePass2003: CCID (usb.ids 096e:0807, libccid "Feitian ePass2003"); pcscd holds it via libusb.
device "$R/1-1" 1-1 1 3 1 096e 0807 0100 00 "FS" "USB Key" "2A1B3C4D5E6F7081"
interface "$R/1-1" "1-1:1.0" 00 0b 00 00 usbfs

# 1-2 Feitian ePass3000GM: HID-only SKF token (usb.ids 096e:0309; kiran device.conf "Feitian UKey").
device "$R/1-2" 1-2 1 4 2 096e 0309 0100 00 "FT" "ePass3000GM" "0123456789ABCDEF"
interface "$R/1-2" "1-2:1.0" 00 03 00 00 usbhid
# Vendor-defined usage page 0xFF00 (06 00 FF), one 64-byte in/out report: made-up but well formed.
hid "$R/1-2" "1-2:1.0" 096E 0309 "06 00 FF 09 01 A1 01 15 00 26 FF 00 75 08 95 40 09 01 81 02 09 01 91 02 C0"

# 1-3 Longmai GM3000-style mass-storage token (vendor id 055c from the GM3000 SDK udev rule;
#     product id fff3 is a fixture placeholder: no public source gives one).
device "$R/1-3" 1-3 1 5 3 055c fff3 0100 00 "Longmai" "mToken GM3000" "LM0000000001"
interface "$R/1-3" "1-3:1.0" 00 08 06 50 usb-storage

# 1-4 Watchdata vendor-specific token (vendor id 163c from libccid; product id fff4 is a placeholder), no driver bound.
device "$R/1-4" 1-4 1 6 4 163c fff4 0100 00 "Watchdata" "WatchKey" ""
interface "$R/1-4" "1-4:1.0" 00 ff 00 00 -

# 1-5 Dell KB216 keyboard (usb.ids 413c:2113): boot keyboard + consumer-control HID.
device "$R/1-5" 1-5 1 7 5 413c 2113 0110 00 "" "Dell KB216 Wired Keyboard" ""
interface "$R/1-5" "1-5:1.0" 00 03 01 01 usbhid
interface "$R/1-5" "1-5:1.1" 01 03 00 00 usbhid
hid "$R/1-5" "1-5:1.0" 413C 2113 "05 01 09 06 A1 01 05 07 19 E0 29 E7 15 00 25 01 75 01 95 08 81 02 C0"
hid "$R/1-5" "1-5:1.1" 413C 2113 "05 0C 09 01 A1 01 15 00 25 01 75 01 95 08 81 02 C0"

# 1-6 Kingston DataTraveler 100 G3 USB disk (usb.ids 0951:1666).
device "$R/1-6" 1-6 1 8 6 0951 1666 0110 00 "Kingston" "DataTraveler 3.0" "E0D55EA574B1F6B0A9"
interface "$R/1-6" "1-6:1.0" 00 08 06 50 usb-storage

# 1-7 A device caught half-enumerated: garbage id, most files missing, an interface with a garbage class.
mkdir -p "$R/1-7/1-7:1.0"
w "$R/1-7/idVendor" "zz12"
w "$R/1-7/1-7:1.0/bInterfaceClass" "not-hex"
ln -s "../../../${R#$SYS/}/1-7" "$SYS/bus/usb/devices/1-7"

# 1-8 Genesys Logic hub (usb.ids 05e3:0608) with, behind its port 1,
# 1-8.1 an Excelsecu FIDO2 key (libfido2 rules 1ea8:fc25): HID with the FIDO usage page only.
device "$R/1-8" 1-8 1 9 8 05e3 0608 6060 09 "" "USB2.0 Hub" ""
interface "$R/1-8" "1-8:1.0" 00 09 00 00 hub
device "$R/1-8/1-8.1" 1-8.1 1 10 8.1 1ea8 fc25 0100 00 "Excelsecu" "ESECU FIDO2 Security Key" "FIDO0001"
interface "$R/1-8/1-8.1" "1-8.1:1.0" 00 03 00 00 usbhid
# CTAPHID report descriptor shape: usage page F1D0, usage 01, input usage 20 / output usage 21, 64-byte reports.
hid "$R/1-8/1-8.1" "1-8.1:1.0" 1EA8 FC25 "06 D0 F1 09 01 A1 01 09 20 15 00 26 FF 00 75 08 95 40 81 02 09 21 15 00 26 FF 00 75 08 95 40 91 02 C0"

# An entry that is neither a device nor an interface: the scanner must skip it and say so.
w "$SYS/bus/usb/devices/README" "Fixture: see Tests/USBDevicesTests/Fixtures/README.md. This file is also the odd entry the scanner must skip."
