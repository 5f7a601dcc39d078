// Compound with formals, keywords and a define.
define($DEV eth0);
elementclass Dev { $device, BURST $b | from :: FromDevice($device, BURST $b) -> output;
  input -> q :: Queue(1024) -> to :: ToDevice($device); }
d :: Dev(${DEV}, BURST 8);
d -> c :: Classifier(12/0806, -) [1] -> d; c -> Discard;
require(package "snf");
