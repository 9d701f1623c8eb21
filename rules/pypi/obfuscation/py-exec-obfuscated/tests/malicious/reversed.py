_ = ")'degnafed'(tnirp"
exec(_[::-1])
