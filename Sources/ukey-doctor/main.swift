import UKeyDoctor
UKeyDoctorMain.run()
