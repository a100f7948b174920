// ukey-vcard: a virtual token for pcscd's vpcd driver. See VCard.swift.
import Foundation

exit(VCard.run(arguments: Array(CommandLine.arguments.dropFirst())))
