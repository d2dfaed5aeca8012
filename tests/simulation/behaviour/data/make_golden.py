import numpy as np
from vanguard.app import Vanguard
from vanguard.simulation.simulate import simulate
from vanguard.simulation import engine
from vanguard.simulation.streams import Block
app=Vanguard()
r=simulate("examples/zhaoqing-2006.toml",8,seed=20061231,app=app)
v=engine.simulate(r.plan,20061231,Block(1,8,8),engine.Options())
arrays={("flow:"+k):a for k,a in v.flows.items()}
arrays.update({("to_date:"+k):a[-1] for k,a in v.to_date.items()})
np.savez_compressed("tests/simulation/behaviour/data/zhaoqing-golden.npz", **arrays)
print(len(arrays), r.mean("entrepreneurship.startups"))
r2=simulate("examples/zhaoqing-2006.toml",300,seed=7,app=app,block_size=64)
means=np.array([r2.mean(s.code) for s in r2.plan.series])
arrays["means-300-seed-7"]=means
np.savez_compressed("tests/simulation/behaviour/data/zhaoqing-golden.npz", **arrays)
print(means[:5])
