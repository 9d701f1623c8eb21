# DEFANGED TEST FIXTURE (pkgward eval set)
